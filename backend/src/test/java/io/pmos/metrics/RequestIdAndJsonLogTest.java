package io.pmos.metrics;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request ids on every answer, and with PMOS_LOG_FORMAT=json one JSON object per log line carrying them. */
@QuarkusTest
@TestProfile(JsonLogProfile.class)
class RequestIdAndJsonLogTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void aWellFormedRequestIdIsEchoedAnythingElseIsReplaced() {
        RestAssured.given().header("X-Request-Id", "lb-7f3a.42_x").get("/api/health").then().statusCode(200)
                .header("X-Request-Id", equalTo("lb-7f3a.42_x"));
        RestAssured.get("/api/health").then().header("X-Request-Id", matchesPattern(UUID));
        RestAssured.given().header("X-Request-Id", "two words\",\"forged\":\"x").get("/api/health").then()
                .header("X-Request-Id", matchesPattern(UUID));
        RestAssured.given().header("X-Request-Id", "a".repeat(65)).get("/api/pmos/no-such-thing").then().statusCode(404)
                .header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void jsonLinesCarryTheRequestIdAndTheRunId() {
        assertEquals("true", ConfigProvider.getConfig().getValue("quarkus.log.console.json.enabled", String.class));
        assertEquals("true", ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", String.class),
                "no PMOS_OTEL_ENDPOINT: no traces are sent anywhere");
        Formatter json = io.pmos.testing.LogCapture.consoleFormatter();
        assertTrue(json.getClass().getName().contains("Json"), "console formatter is " + json.getClass().getName());

        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        try (Capture capture = Capture.install()) {
            // the MCP client logs at DEBUG while it opens a session for the connector test: a line of this request
            as(admin).body(Map.of("mcp", List.of(Map.of("name", "bcgpt", "preset", "local")))).put("/api/pmos/connectors")
                    .then().statusCode(200);
            as(admin).header("X-Request-Id", "connector-test-1").body(Map.of("connector", "mcp:bcgpt"))
                    .post("/api/pmos/connectors/test").then().statusCode(200).header("X-Request-Id", "connector-test-1");
            ExtLogRecord inRequest = capture.await(r -> "connector-test-1".equals(r.getMdc(RequestIds.MDC_KEY)));
            JsonObject line = new JsonObject(json.format(inRequest));
            assertEquals("connector-test-1", line.getJsonObject("mdc").getString("requestId"), line.encode());
            assertNotNull(line.getString("message"));

            String conversation = as(admin).body(Map.of("title", "Ops")).post("/api/pmos/chat/conversations").then()
                    .statusCode(201).extract().path("conversation.id");
            String runId = as(admin).body(Map.of("text", "list flows"))
                    .post("/api/pmos/chat/conversations/" + conversation + "/messages").then().statusCode(202)
                    .extract().path("runId");
            ExtLogRecord finished = capture.await(r -> r.getFormattedMessage().startsWith("Run finished")
                    && runId.equals(r.getMdc(RunLogContext.MDC_KEY)));
            JsonObject runLine = new JsonObject(json.format(finished));
            assertEquals(runId, runLine.getJsonObject("mdc").getString("runId"), runLine.encode());
        }
    }

    /** Keeps the log records written while installed. */
    private static final class Capture extends Handler implements AutoCloseable {
        private final List<ExtLogRecord> records = new ArrayList<>();

        static Capture install() {
            Capture c = new Capture();
            Logger.getLogger("").addHandler(c);
            return c;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyAll();
                records.add(ext);
            }
        }

        ExtLogRecord await(java.util.function.Predicate<ExtLogRecord> wanted) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                synchronized (this) {
                    for (ExtLogRecord r : records) {
                        if (wanted.test(r)) {
                            return r;
                        }
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            synchronized (this) {
                StringBuilder seen = new StringBuilder();
                records.forEach(r -> seen.append(r.getMdcCopy()).append(' ').append(r.getFormattedMessage()).append('\n'));
                throw new AssertionError("no such log record among:\n" + seen);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
