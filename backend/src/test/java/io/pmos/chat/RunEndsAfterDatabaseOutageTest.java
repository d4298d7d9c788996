package io.pmos.chat;

import io.pmos.TestSupport;
import io.pmos.health.DatabaseThroughFaultProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10 item 3(b): an MCP call that ends while the database is unreachable (the test's fault proxy in front of
 * PostgreSQL is cut) cannot write its result; once the database is back the run still reaches an end state by itself,
 * with the open tool.started closed as interrupted, and the conversation takes the next message.
 */
@QuarkusTest
@TestProfile(DatabaseThroughFaultProxy.class)
class RunEndsAfterDatabaseOutageTest {

    @Inject
    RunLeases leases;

    @AfterEach
    void restore() {
        DatabaseThroughFaultProxy.proxy().restore();
    }

    @Test
    void aRunWhoseToolCallEndedDuringADatabaseOutageEndsInterruptedOnceTheDatabaseIsBack() {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("mcp", List.of(Map.of("name", "demo", "preset", "local")))).put("/api/pmos/connectors")
                .then().statusCode(200);
        String conversation = ChatApi.conversation(admin, "Outage");
        String run = ChatApi.send(admin, conversation,
                "call tool trigger-long-running-operation with {\"duration\": 3, \"steps\": 6}");
        String callId = ChatApi.awaitEvent(admin, run, "tool.progress")
                .getString("events.find { it.type == 'tool.started' }.data.toolCallId");

        DatabaseThroughFaultProxy.proxy().cut();
        // the call goes on at the MCP server and ends; writing its result fails, and this instance stops driving the run
        await("the run's drive to end during the outage", Duration.ofSeconds(30),
                () -> !leases.working().contains(UUID.fromString(run)));
        DatabaseThroughFaultProxy.proxy().restore();

        // bounded: the lease it no longer renews runs out, and the sweep ends the run
        JsonPath trace = await("the run to end", Duration.ofSeconds(60), () -> {
            JsonPath t = as(admin).get("/api/pmos/chat/runs/" + run + "/trace").then().extract().jsonPath();
            return t.getList("events.type") != null && t.getList("events.type").contains("run.finished") ? t : null;
        });
        assertEquals("failed", trace.getString("status"));
        assertEquals(callId, trace.getString("events.find { it.type == 'tool.finished' }.data.toolCallId"));
        assertEquals("error", trace.getString("events.find { it.type == 'tool.finished' }.data.status"));
        assertEquals("INTERRUPTED", trace.getString("events.find { it.type == 'tool.finished' }.data.code"));
        assertTrue(trace.getString("events.find { it.type == 'tool.finished' }.data.error").startsWith("Interrupted"));
        assertEquals(trace.getList("events.findAll { it.type == 'tool.started' }").size(),
                trace.getList("events.findAll { it.type == 'tool.finished' }").size(), "every tool.started is closed");
        assertEquals("INTERRUPTED", trace.getString("events.find { it.type == 'run.error' }.data.code"));
        assertEquals("failed", trace.getString("events.find { it.type == 'run.finished' }.data.status"));

        String next = ChatApi.send(admin, conversation, "list tools");
        ChatApi.awaitEvent(admin, next, "run.finished");
    }

    /** Bounded poll: the first truthy answer (true, or a value), or a failure naming what was awaited. */
    private static <T> T await(String what, Duration within, Supplier<T> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            T value;
            try {
                value = condition.get();
            } catch (RuntimeException e) {
                value = null;
            }
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        fail("timed out after " + within.toSeconds() + " s waiting for " + what);
        return null;
    }
}
