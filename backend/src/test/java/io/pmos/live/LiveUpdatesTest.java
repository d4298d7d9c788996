package io.pmos.live;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Live flow updates over the real WebSocket endpoint with real clients. */
@QuarkusTest
class LiveUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    private String admin;
    private String flowId;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        flowId = as(admin).body(Map.of("displayName", "Live flow")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
    }

    private void rename(String name) {
        as(admin).body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", name)))
                .post("/api/pmos/flows/" + flowId + "/operations").then().statusCode(200);
    }

    private static JsonObject subscribe(String topic, Long lastSeq) {
        JsonObject m = new JsonObject().put("type", "subscribe").put("topic", topic);
        return lastSeq == null ? m : m.put("lastSeq", lastSeq);
    }

    @Test
    void anUpgradeWithoutASessionIsRefused() {
        assertThrows(Exception.class, () -> LiveClient.connect(base, null));
        assertThrows(Exception.class, () -> LiveClient.connect(base, "not-a-session"));
    }

    @Test
    void twoSubscribersSeeTheSameUpdatesInOrder() throws Exception {
        try (LiveClient a = LiveClient.connect(base, admin); LiveClient b = LiveClient.connect(base, admin)) {
            a.send(subscribe("flow:" + flowId, null));
            b.send(subscribe("flow:" + flowId, null));
            assertEquals("subscribed", a.next(WAIT).getString("type"));
            assertEquals("subscribed", b.next(WAIT).getString("type"));
            for (String name : List.of("One", "Two", "Three")) {
                rename(name);
            }
            for (LiveClient c : List.of(a, b)) {
                for (int i = 0; i < 3; i++) {
                    JsonObject e = c.next(WAIT);
                    assertEquals("event", e.getString("type"));
                    assertEquals("flow.updated", e.getString("event"));
                    assertEquals(i + 1, e.getLong("seq"));
                    assertEquals(List.of("One", "Two", "Three").get(i),
                            e.getJsonObject("data").getJsonObject("flow").getJsonObject("version").getString("displayName"));
                    assertEquals("ada@example.com", e.getJsonObject("data").getJsonObject("by").getString("email"));
                }
            }
        }
    }

    @Test
    void aReconnectWithItsLastNumberGetsExactlyWhatItMissed() throws Exception {
        long seq;
        try (LiveClient c = LiveClient.connect(base, admin)) {
            c.send(subscribe("flow:" + flowId, null));
            c.next(WAIT);
            rename("Before the drop");
            seq = c.next(WAIT).getLong("seq");
            assertEquals(1, seq);
        }
        rename("Missed one");
        rename("Missed two");
        try (LiveClient c = LiveClient.connect(base, admin)) {
            c.send(subscribe("flow:" + flowId, seq));
            JsonObject subscribed = c.next(WAIT);
            assertEquals("subscribed", subscribed.getString("type"));
            assertEquals(3, subscribed.getLong("seq"));
            JsonObject two = c.next(WAIT);
            JsonObject three = c.next(WAIT);
            assertEquals(2, two.getLong("seq"));
            assertEquals("Missed one", two.getJsonObject("data").getJsonObject("flow").getJsonObject("version").getString("displayName"));
            assertEquals(3, three.getLong("seq"));
            assertNull(c.poll(Duration.ofMillis(300)), "nothing more than the missed events");
        }
    }

    @Test
    void aNumberFromTheFutureGetsASnapshot() throws Exception {
        rename("Current name");
        try (LiveClient c = LiveClient.connect(base, admin)) {
            c.send(subscribe("flow:" + flowId, 999L));
            List<JsonObject> got = c.until(m -> "snapshot".equals(m.getString("type")), WAIT);
            JsonObject snapshot = got.get(got.size() - 1);
            assertEquals(1, snapshot.getLong("seq"));
            assertEquals("Current name", snapshot.getJsonObject("data").getJsonObject("flow").getJsonObject("version")
                    .getString("displayName"));
        }
    }

    @Test
    void unknownTopicsAndFlowsAreRefusedAndBadMessagesExplained() throws Exception {
        try (LiveClient c = LiveClient.connect(base, admin)) {
            c.send(subscribe("flow:doesNotExist000000001", null));
            JsonObject refused = c.next(WAIT);
            assertEquals("error", refused.getString("type"));
            assertEquals("FORBIDDEN", refused.getString("code"));
            c.send(subscribe("secrets:all", null));
            assertEquals("BAD_MESSAGE", c.next(WAIT).getString("code"));
            c.send(new JsonObject().put("type", "dance"));
            assertEquals("BAD_MESSAGE", c.next(WAIT).getString("code"));
            c.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", c.next(WAIT).getString("type"));
        }
    }

    @Test
    void aSubscriptionToAnotherWorkspacesFlowIsRefused() throws Exception {
        String other = TestSupport.signupCookie("Bert Other", "bert@example.com");
        as(other).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        try (LiveClient c = LiveClient.connect(base, other)) {
            c.send(subscribe("flow:" + flowId, null));
            JsonObject refused = c.next(WAIT);
            assertEquals("error", refused.getString("type"));
            assertEquals("FORBIDDEN", refused.getString("code"));
            rename("Not for Bert");
            assertNull(c.poll(Duration.ofMillis(500)), "no event of another workspace's flow");
        }
    }

    @Test
    void changesMadeDirectlyInFlowPiecesArePickedUp() throws Exception {
        try (LiveClient c = LiveClient.connect(base, admin)) {
            c.send(subscribe("flow:" + flowId, null));
            c.next(WAIT);
            // Someone renames the flow in Flow Pieces' own UI (straight to its API, not through PMOS)...
            var target = new io.pmos.flowpieces.FlowPiecesTarget(io.pmos.testing.LocalFlowPieces.url(),
                    io.pmos.testing.LocalFlowPieces.API_KEY, null, null, io.pmos.testing.LocalFlowPieces.PROJECT_ID, "direct");
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + target.apiKey())
                    .contentType("application/json")
                    .body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", "Renamed in Flow Pieces")))
                    .post(target.baseUrl() + "/api/v1/flows/" + flowId).then().statusCode(200);
            // ...and the next read through PMOS (on focus, or the timer) notices and tells the watchers.
            as(admin).get("/api/pmos/flows/" + flowId).then().statusCode(200);
            JsonObject e = c.next(WAIT);
            assertEquals("flow.updated", e.getString("event"));
            assertEquals("flow-pieces", e.getJsonObject("data").getString("source"));
            assertEquals("Renamed in Flow Pieces", e.getJsonObject("data").getJsonObject("flow").getJsonObject("version")
                    .getString("displayName"));
        }
    }
}
