package io.pmos.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** PMOS_LOG_FORMAT and PMOS_OTEL_ENDPOINT as Quarkus settings: JSON only when asked, traces only with an endpoint. */
class ObservabilityConfigTest {

    @Test
    void jsonOnlyForJson() {
        assertEquals("true", ObservabilityConfig.settings("json", "").get("quarkus.log.console.json.enabled"));
        assertEquals("true", ObservabilityConfig.settings(" JSON ", "").get("quarkus.log.console.json.enabled"));
        assertEquals("false", ObservabilityConfig.settings("", "").get("quarkus.log.console.json.enabled"));
        assertEquals("false", ObservabilityConfig.settings("text", "").get("quarkus.log.console.json.enabled"));
    }

    @Test
    void tracesOnlyWithAnEndpoint() {
        Map<String, String> off = ObservabilityConfig.settings("", "  ");
        assertEquals("true", off.get("quarkus.otel.sdk.disabled"));
        assertFalse(off.containsKey("quarkus.otel.exporter.otlp.endpoint"));
        Map<String, String> on = ObservabilityConfig.settings("", "http://collector:4317");
        assertEquals("false", on.get("quarkus.otel.sdk.disabled"));
        assertEquals("http://collector:4317", on.get("quarkus.otel.exporter.otlp.endpoint"));
    }
}
