package io.pmos.metrics;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the two operator switches into Quarkus settings (docs/monitoring.md): {@code PMOS_LOG_FORMAT=json} writes the
 * console log as one JSON object per line, and {@code PMOS_OTEL_ENDPOINT} sends traces to that OTLP endpoint; without
 * it the OpenTelemetry SDK is disabled, so PMOS never tries to connect anywhere. Ordinal 275: above
 * application.properties, below the environment, so an explicit QUARKUS_* variable still wins.
 */
public class ObservabilityConfig implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new MapBackedConfigSource("PMOS_LOG_FORMAT / PMOS_OTEL_ENDPOINT", settings(
                value(context, "PMOS_LOG_FORMAT"), value(context, "PMOS_OTEL_ENDPOINT")), ORDINAL) {
        });
    }

    static Map<String, String> settings(String logFormat, String otelEndpoint) {
        Map<String, String> out = new HashMap<>();
        out.put("quarkus.log.console.json.enabled",
                Boolean.toString("json".equals(logFormat.strip().toLowerCase(Locale.ROOT))));
        boolean tracing = !otelEndpoint.isBlank();
        out.put("quarkus.otel.sdk.disabled", Boolean.toString(!tracing));
        if (tracing) {
            out.put("quarkus.otel.exporter.otlp.endpoint", otelEndpoint.strip());
        }
        return out;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null ? "" : v.getValue();
    }
}
