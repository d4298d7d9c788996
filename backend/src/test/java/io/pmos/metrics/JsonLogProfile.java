package io.pmos.metrics;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** PMOS started as an operator would with PMOS_LOG_FORMAT=json (and no PMOS_OTEL_ENDPOINT). */
public class JsonLogProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("PMOS_LOG_FORMAT", "json");
    }
}
