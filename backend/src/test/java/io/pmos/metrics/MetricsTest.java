package io.pmos.metrics;

import io.pmos.chat.ChatApi;
import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real actions (failed sign-ins up to a lock-out, connector tests, built-in chat runs, an approval, a live socket),
 * then a scrape of /q/metrics on the management port: each domain series exists with its tags and has moved.
 */
@QuarkusTest
class MetricsTest {

    private static final Vertx VERTX = Vertx.vertx();

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URL app;

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private Scrape scrape() {
        return Scrape.of(management.getPort());
    }

    @Test
    void domainActionsMoveTheirSeries() throws Exception {
        TestSupport.resetDatabase();
        Scrape before = scrape();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");

        // sign-in failures up to the lock-out (5 per email and address by default), then a 429
        for (int i = 0; i < 5; i++) {
            RestAssured.given().contentType("application/json")
                    .body(Map.of("email", "ada@example.com", "password", "wrong-password-" + i))
                    .post("/api/pmos/auth/login").then().statusCode(401);
        }
        RestAssured.given().contentType("application/json").body(Map.of("email", "ada@example.com", "password", "x"))
                .post("/api/pmos/auth/login").then().statusCode(429);

        // connector tests: the local Flow Pieces and the local MCP reference server
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"), "mcp", List.of(Map.of("name", "bcgpt", "preset", "local"))))
                .put("/api/pmos/connectors").then().statusCode(200);
        as(admin).body(Map.of("connector", "flowPieces")).post("/api/pmos/connectors/test").then().statusCode(200);
        as(admin).body(Map.of("connector", "mcp:bcgpt")).post("/api/pmos/connectors/test").then().statusCode(200);

        // a built-in chat run that creates a flow (a flow tool call), then one that waits for an approval
        String conversation = as(admin).body(Map.of("title", "Ops")).post("/api/pmos/chat/conversations").then()
                .statusCode(201).extract().path("conversation.id");
        awaitEvent(admin, send(admin, conversation, "create a flow named Watched"), "run.finished");
        String flowId = as(admin).get("/api/pmos/flows").then().extract()
                .path("flows.find { it.displayName == 'Watched' }.id");

        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect(admin, received);
        try {
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topic", "flow:" + flowId).encode());
            awaitMessage(received, "subscribed");
            Scrape live = Scrape.until(management.getPort(), s -> s.sum("pmos_live_connections") >= 1
                    && s.sum("pmos_live_subscriptions") >= 1, "a connection with a subscription");
            assertTrue(live.sum("pmos_live_connections") >= 1);

            String run = send(admin, conversation, "delete flow Watched");
            JsonPath waiting = awaitEvent(admin, run, "approval.requested");
            Scrape pending = Scrape.until(management.getPort(), s -> s.sum("pmos_approvals_pending") >= 1
                    && s.sum("pmos_chat_runs_waiting_approval") >= 1, "a pending approval");
            assertTrue(pending.sum("pmos_approvals_oldest_pending_age_seconds") >= 0);
            String approvalId = waiting.getString("events.find { it.type == 'approval.requested' }.data.approvalId");
            as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then()
                    .statusCode(200);
            awaitEvent(admin, run, "run.finished");
            awaitMessage(received, "event");
        } finally {
            socket.close();
        }

        Scrape after = Scrape.until(management.getPort(), s -> s.sum("pmos_approvals_pending") == 0
                && s.sum("pmos_live_events_delivered_total", "topic_kind=\"flow\"") >= 1, "the approval decided and an event delivered");

        assertEquals(5, after.sum("pmos_auth_login_failures_total") - before.sum("pmos_auth_login_failures_total"));
        assertEquals(1, after.sum("pmos_auth_login_lockouts_total") - before.sum("pmos_auth_login_lockouts_total"));
        assertEquals(1, after.sum("pmos_http_throttled_total") - before.sum("pmos_http_throttled_total"));

        assertTrue(moved(before, after, "pmos_flow_pieces_request_seconds_count", "method=\"GET\"", "outcome=\"OK\""));
        assertTrue(moved(before, after, "pmos_mcp_request_seconds_count", "method=\"initialize\"", "outcome=\"OK\""));
        assertTrue(moved(before, after, "pmos_mcp_request_seconds_count", "method=\"tools/list\""));

        assertEquals(2, after.sum("pmos_chat_runs_finished_total", "status=\"succeeded\"")
                - before.sum("pmos_chat_runs_finished_total", "status=\"succeeded\""));
        assertTrue(moved(before, after, "pmos_chat_run_duration_seconds_count", "status=\"succeeded\""));
        assertFalse(after.series("pmos_chat_run_duration_seconds_bucket", "status=\"succeeded\"", "le=\"1.0\"").isEmpty(),
                "the run timer has histogram buckets for p95");
        assertTrue(moved(before, after, "pmos_model_call_seconds_count", "provider=\"builtin\"", "outcome=\"OK\""));
        assertTrue(moved(before, after, "pmos_tool_call_seconds_count", "kind=\"flow\"", "outcome=\"OK\""));
        assertTrue(moved(before, after, "pmos_live_events_published_total", "topic_kind=\"flow\""));
        assertTrue(moved(before, after, "pmos_live_delivery_lag_seconds_count", "topic_kind=\"flow\""));
        assertTrue(after.sum("pmos_backlog_sampled_timestamp_seconds") > 0);

        // HTTP route latency is per route template, never per raw path (the flow id must not appear)
        List<String> routes = after.series("http_server_requests_seconds_count");
        assertTrue(routes.stream().anyMatch(l -> l.contains("uri=\"/api/pmos/approvals/{id}/decision\"")
                || l.contains("uri=\"/api/pmos/approvals/{approvalId}/decision\"")), String.join("\n", routes));
        assertTrue(routes.stream().noneMatch(l -> l.contains(flowId)), "raw ids in uri tags");
        assertFalse(after.series("http_server_requests_seconds_bucket", "le=\"0.25\"").isEmpty());

        monitoringQueriesOnlyExportedMetrics(scrape());
    }

    /**
     * Every metric the alert rules, their unit tests and the Grafana dashboard query is one PMOS really exports (in a
     * scrape after real actions), so renaming a meter cannot silently blind an alert or a panel.
     */
    private static void monitoringQueriesOnlyExportedMetrics(Scrape scrape) throws Exception {
        java.util.Set<String> exported = scrape.names();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        for (String file : List.of("rules.yml", "tests.yml", "grafana/pmos.json")) {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("../infra/monitoring", file));
            java.util.Set<String> used = MonitoringNames.in(text);
            assertFalse(used.isEmpty(), file + " names no metric");
            for (String name : used) {
                if (!exported.contains(name)) {
                    missing.add(file + ": " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "not exported by PMOS: " + missing);
    }


    private static boolean moved(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) > before.sum(name, labels);
    }

    private static String send(String who, String conversation, String text) {
        return ChatApi.send(who, conversation, text);
    }

    private static JsonPath awaitEvent(String who, String runId, String type) {
        return ChatApi.awaitEvent(who, runId, type);
    }

    private WebSocket connect(String cookie, BlockingQueue<JsonObject> received) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(app.getHost()).setPort(app.getPort())
                .setURI("/api/pmos/ws")
                .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Cookie", "pmos_session=" + cookie));
        CompletableFuture<WebSocket> open = new CompletableFuture<>();
        VERTX.createWebSocketClient().connect(options).onSuccess(open::complete).onFailure(open::completeExceptionally);
        WebSocket socket = open.get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        return socket;
    }

    private static JsonObject awaitMessage(BlockingQueue<JsonObject> received, String type) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && type.equals(m.getString("type"))) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' message on the socket");
    }
}
