package io.pmos.live;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Events carried in the NOTIFY, end to end through PostgreSQL and real sockets: one that fits is delivered from the
 * announcement without reading the log; one too big is read, and the small ones announced after it wait for it.
 */
@QuarkusTest
class EventsInTheNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EventLog log;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @TestHTTPResource("/")
    URI base;

    private UUID workspace;
    private String cookie;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        cookie = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        workspace = UUID.fromString(TestSupport.as(cookie).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId"));
    }

    @Test
    void anEventThatFitsIsTakenFromItsAnnouncementWithoutReadingTheLog() throws Exception {
        try (LiveClient c = LiveClient.connect(base, cookie)) {
            c.send(new JsonObject().put("type", "subscribe").put("topic", "test:inline"));
            assertEquals("subscribed", c.next(WAIT).getString("type"));
            // Another instance's commit. The row and the announcement disagree on purpose: what the client gets shows
            // where the hub took the event from.
            TestSupport.exec("BEGIN;"
                    + "INSERT INTO event_topics (topic, workspace_id, seq) VALUES ('test:inline', '" + workspace + "', 1);"
                    + "INSERT INTO events (workspace_id, topic, seq, type, payload) VALUES ('" + workspace
                    + "', 'test:inline', 1, 'test.event', '{\"from\": \"table\"}');"
                    + "SELECT pg_notify('" + EventLog.DATA_CHANNEL + "', 'test:inline 1 test.event {\"from\":\"notify\"}');"
                    + "SELECT pg_notify('" + EventLog.CHANNEL + "', 'test:inline 1');"
                    + "COMMIT");
            JsonObject e = c.next(WAIT);
            assertEquals("event", e.getString("type"));
            assertEquals(1, e.getLong("seq"));
            assertEquals("notify", e.getJsonObject("data").getString("from"), "taken from the NOTIFY, not read");
            assertNull(c.poll(Duration.ofMillis(300)), "the plain announcement after it is not a second event");
        }
    }

    @Test
    void anEventTooBigForTheNotifyIsReadAndTheOnesAfterItWaitForIt() throws Exception {
        String big = "x".repeat(EventLog.MAX_NOTIFY_BYTES + 1);
        assertNull(EventLog.withData("test:big", 2, "test.event", new JsonObject().put("text", big)));
        assertNotNull(EventLog.withData("test:big", 1, "test.event", new JsonObject().put("n", 1)));
        try (LiveClient a = LiveClient.connect(base, cookie); LiveClient b = LiveClient.connect(base, cookie)) {
            for (LiveClient c : List.of(a, b)) {
                c.send(new JsonObject().put("type", "subscribe").put("topic", "test:big"));
                assertEquals("subscribed", c.next(WAIT).getString("type"));
            }
            for (int round = 0; round < 5; round++) {
                int n = 3 * round;
                // one transaction: the three announcements arrive together, the big one's read is still running
                // when the third one arrives with its data
                pool.withTransaction(tx -> log.append(tx, workspace, "test:big", "test.event", new JsonObject().put("n", n + 1))
                        .flatMap(x -> log.append(tx, workspace, "test:big", "test.event",
                                new JsonObject().put("n", n + 2).put("text", big)))
                        .flatMap(x -> log.append(tx, workspace, "test:big", "test.event", new JsonObject().put("n", n + 3))))
                        .await().atMost(WAIT);
            }
            for (LiveClient c : List.of(a, b)) {
                for (int n = 1; n <= 15; n++) {
                    JsonObject e = c.next(WAIT);
                    assertEquals("event", e.getString("type"), e.encode());
                    assertEquals(n, e.getLong("seq"));
                    assertEquals(n, e.getJsonObject("data").getInteger("n"));
                    assertEquals(n % 3 == 2 ? big.length() : 0, e.getJsonObject("data").getString("text", "").length());
                }
                assertNull(c.poll(Duration.ofMillis(300)), "no snapshot, no repeat");
            }
        }
    }
}
