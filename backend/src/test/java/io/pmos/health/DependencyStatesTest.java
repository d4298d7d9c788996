package io.pmos.health;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pmos.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate limit of the dependency lines: changes only, and at most one "down" line per quiet period. */
class DependencyStatesTest {

    private static final String NAME = "127.0.0.1:9";

    @Test
    void repeatedFailuresAndSuccessesAreOneLineEach() {
        DependencyStates states = new DependencyStates(new SimpleMeterRegistry(), Duration.ofHours(1));
        try (LogCapture log = LogCapture.install()) {
            for (int i = 0; i < 50; i++) {
                states.down(DependencyStates.Kind.FLOW_PIECES, NAME, i == 0 ? "FLOW_PIECES_TIMEOUT" : "FLOW_PIECES_CONNECTION_REFUSED");
            }
            assertEquals(1, states.downCount(DependencyStates.Kind.FLOW_PIECES));
            for (int i = 0; i < 50; i++) {
                states.up(DependencyStates.Kind.FLOW_PIECES, NAME);
            }
            assertEquals(0, states.downCount(DependencyStates.Kind.FLOW_PIECES));
            assertEquals(1, log.records(Level.WARNING, "Dependency down: flow-pieces " + NAME + " (FLOW_PIECES_TIMEOUT)").size());
            assertEquals(1, log.records(Level.INFO, "Dependency back: flow-pieces " + NAME + " after").size());
            assertTrue(log.lines("Dependency back").get(0).endsWith("(was FLOW_PIECES_TIMEOUT)"), log.text());
        }
    }

    @Test
    void aFlappingDependencyWritesItsFirstOutageOnlyWithinTheQuietTime() {
        DependencyStates states = new DependencyStates(new SimpleMeterRegistry(), Duration.ofHours(1));
        try (LogCapture log = LogCapture.install()) {
            for (int i = 0; i < 10; i++) {
                states.databaseDown(DatabaseFailures.CLOSED);
                states.databaseUp();
            }
            assertEquals(1, log.lines("Dependency down: database").stream().filter(l -> l.startsWith("WARN")).count());
            assertEquals(1, log.lines("Dependency back: database").stream().filter(l -> l.startsWith("INFO")).count());
        }
    }

    @Test
    void withoutAQuietTimeEveryOutageIsWritten() {
        DependencyStates states = new DependencyStates(new SimpleMeterRegistry(), Duration.ZERO);
        try (LogCapture log = LogCapture.install()) {
            for (int i = 0; i < 3; i++) {
                states.down(DependencyStates.Kind.MCP, "http://mcp.example/mcp", "MCP_UNREACHABLE");
                states.up(DependencyStates.Kind.MCP, "http://mcp.example/mcp");
            }
            assertEquals(3, log.records(Level.WARNING, "Dependency down: mcp").size());
            assertEquals(3, log.records(Level.INFO, "Dependency back: mcp").size());
        }
    }
}
