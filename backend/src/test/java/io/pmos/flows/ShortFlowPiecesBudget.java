package io.pmos.flows;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Test profile: a 1 s budget per Flow Pieces call and five read retries, so that a slow Flow Pieces is replayed in
 * seconds and retries that ignored the budget would be plain to see (6 attempts of 1 s each).
 */
public class ShortFlowPiecesBudget implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pmos.flow-pieces.timeout", "PT1S", "pmos.flow-pieces.read-retries", "5");
    }
}
