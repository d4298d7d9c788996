package io.pmos.live;

import io.pmos.TestSupport;
import io.pmos.flows.FlowVersions;
import io.pmos.testing.FaultProxy;
import io.pmos.testing.FlowPiecesBehindProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 5: a burst of 40 parallel operations on one flow whose answers come back from Flow Pieces in another
 * order than it applied them (a {@link FaultProxy} holds each answer for a random while). Every flow.updated a
 * subscriber gets carries a newer copy than the one before it, and the last one is the flow's final state.
 */
@QuarkusTest
class FlowUpdatesInOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 40;

    @TestHTTPResource("/")
    URI base;

    private FaultProxy proxy;
    private String admin;
    private String flowId;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        proxy = FlowPiecesBehindProxy.start();
        FlowPiecesBehindProxy.connect(admin, proxy);
        flowId = as(admin).body(Map.of("displayName", "Burst flow")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
    }

    @AfterEach
    void tearDown() {
        proxy.heal();
        proxy.close();
    }

    @Test
    void aBurstOfParallelOperationsNeverPublishesAnOlderCopy() throws Exception {
        try (LiveClient live = LiveClient.connect(base, admin)) {
            live.send(new JsonObject().put("type", "subscribe").put("topic", "flow:" + flowId));
            assertEquals("subscribed", live.next(WAIT).getString("type"));

            proxy.jitterReplies(Duration.ofMillis(300));
            ExecutorService pool = Executors.newFixedThreadPool(BURST);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    String name = "Burst " + i;
                    answers.add(pool.submit(() -> as(admin)
                            .body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", name)))
                            .post("/api/pmos/flows/" + flowId + "/operations").statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertEquals(200, answer.get().intValue());
                }
            } finally {
                pool.shutdownNow();
            }
            proxy.heal();

            JsonPath last = as(admin).get("/api/pmos/flows/" + flowId).then().statusCode(200).extract().jsonPath();
            long finalVersion = last.getLong("version");
            String finalName = last.getString("flow.version.displayName");
            assertEquals(FlowVersions.of(new JsonObject(last.getMap("flow"))), finalVersion);

            List<JsonObject> events = live.until(m -> "event".equals(m.getString("type"))
                    && m.getJsonObject("data").getLong("version") == finalVersion, WAIT);
            long before = -1;
            long seq = 0;
            for (JsonObject m : events) {
                assertEquals("event", m.getString("type"), m.encode());
                assertEquals("flow.updated", m.getString("event"));
                assertTrue(m.getLong("seq") > seq, "event numbers grow");
                seq = m.getLong("seq");
                JsonObject data = m.getJsonObject("data");
                long carried = data.getLong("version");
                assertEquals(FlowVersions.of(data.getJsonObject("flow")), carried, "the version is the copy's");
                assertTrue(carried > before, "event #" + seq + " carries version " + carried + " after " + before
                        + ": an older copy than the event before it");
                before = carried;
            }
            JsonObject newest = events.get(events.size() - 1).getJsonObject("data").getJsonObject("flow");
            assertEquals(finalName, newest.getJsonObject("version").getString("displayName"), "the last event is the final state");
            // nothing older trails behind the final state
            JsonObject trailing = live.poll(Duration.ofMillis(500));
            assertTrue(trailing == null || trailing.getJsonObject("data").getLong("version", 0L) > finalVersion,
                    "an event after the final state: " + trailing);
        }
    }
}
