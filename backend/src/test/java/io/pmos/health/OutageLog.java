package io.pmos.health;

import io.pmos.testing.LogCapture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the outage log tests check alike: one WARN down and one INFO back for a dependency, and no stack trace. */
final class OutageLog {

    private OutageLog() {
    }

    /**
     * Exactly one WARN "Dependency down: {dependency} (CODE)" and one INFO "Dependency back: {dependency} after N s
     * (was CODE)", with a code of that prefix, no other line about it, and nothing logged at ERROR or with a stack trace.
     * Answers the INFO record.
     */
    static LogRecord assertOneDownOneBack(LogCapture log, String dependency, String codePrefix) {
        String all = String.join("\n", log.lines("Dependency"));
        List<LogRecord> down = log.records(Level.WARNING, "Dependency down: " + dependency + " ");
        List<LogRecord> back = log.records(Level.INFO, "Dependency back: " + dependency + " ");
        assertEquals(1, down.size(), "one WARN when " + dependency + " went down:\n" + all);
        assertEquals(1, back.size(), "one INFO when " + dependency + " came back:\n" + all);
        assertEquals(2, log.lines(dependency + " ").stream().filter(l -> l.contains("Dependency ")).count(),
                "no other line about " + dependency + ":\n" + all);
        String downLine = LogCapture.formatted(down.get(0));
        String backLine = LogCapture.formatted(back.get(0));
        assertTrue(downLine.startsWith("Dependency down: " + dependency + " (" + codePrefix), downLine);
        assertTrue(backLine.matches("Dependency back: \\Q" + dependency + "\\E after \\d+\\.\\d s \\(was \\Q" + codePrefix
                + "\\E[A-Z_]*\\)"), backLine);
        assertEquals(List.of(), log.errors(), "no ERROR and no stack trace for an expected failure");
        return back.get(0);
    }

    /** Bounded poll with a generous deadline. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 30 s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
