package io.pmos.net;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The production default: loopback and private addresses are not allowed (the other suites run with them allowed). */
public class StrictOutboundProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pmos.outbound.allow-private", "false");
    }
}
