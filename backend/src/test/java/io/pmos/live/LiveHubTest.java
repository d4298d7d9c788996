package io.pmos.live;

import io.pmos.TestSupport;
import io.pmos.identity.Caller;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's bounds and its PostgreSQL seam, driven directly and through real sockets: events carried in the NOTIFY
 * are delivered from it without reading the log; one too big for it is read, and the ones after it wait for it.
 */
@QuarkusTest
class LiveHubTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    LiveHub hub;

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
    void aClientThatStopsReadingCannotGrowTheQueueAndGetsOneSnapshot() throws Exception {
        List<JsonObject> sent = new CopyOnWriteArrayList<>();
        AtomicReference<UniEmitter<? super Void>> stuck = new AtomicReference<>();
        // a real session: the hub checks it on connect and would close a socket without one
        UUID user = UUID.fromString(TestSupport.userId(cookie));
        UUID session = (UUID) TestSupport.scalar("SELECT id FROM sessions WHERE user_id = '" + user + "'");
        Caller caller = new Caller(user, "ada@example.com", workspace, "super_admin", session, "ip", "ua");
        hub.connect("slow", caller, text -> {
            sent.add(new JsonObject(text));
            // the first frame never finishes writing until the test lets it go: a client that stopped reading
            return sent.size() == 1 ? Uni.createFrom().<Void>emitter(e -> stuck.set(e)) : Uni.createFrom().voidItem();
        }, (code, reason) -> { });
        hub.onMessage("slow", new JsonObject().put("type", "subscribe").put("topic", "test:slow").encode())
                .await().atMost(Duration.ofSeconds(5));
        awaitTrue(() -> stuck.get() != null);
        for (int i = 0; i < 3 * LiveHub.MAX_QUEUE; i++) {
            log.publish(workspace, "test:slow", "test.event", new JsonObject().put("i", i)).await().atMost(Duration.ofSeconds(5));
        }
        awaitTrue(() -> hub.queued("slow", "test:slow") >= LiveHub.MAX_QUEUE - 1);
        assertTrue(hub.queued("slow", "test:slow") <= LiveHub.MAX_QUEUE, "bounded: " + hub.queued("slow", "test:slow"));

        stuck.get().complete(null);
        awaitTrue(() -> sent.stream().anyMatch(m -> "snapshot".equals(m.getString("type"))));
        awaitTrue(() -> hub.queued("slow", "test:slow") == 0);
        long events = sent.stream().filter(m -> "event".equals(m.getString("type"))).count();
        assertTrue(events < 3 * LiveHub.MAX_QUEUE, "the backlog was replaced by a snapshot, got " + events + " events");
        JsonObject snapshot = sent.stream().filter(m -> "snapshot".equals(m.getString("type"))).findFirst().orElseThrow();
        assertEquals(3L * LiveHub.MAX_QUEUE, snapshot.getLong("seq"));
        hub.disconnect("slow");
    }

    @Test
    void eventsWrittenByAnotherInstanceAreDeliveredThroughPostgres() throws Exception {
        try (LiveClient c = LiveClient.connect(base, cookie)) {
            c.send(new JsonObject().put("type", "subscribe").put("topic", "test:shared"));
            assertEquals("subscribed", c.next(Duration.ofSeconds(10)).getString("type"));
            // Another PMOS instance: its own database connection, the same SQL seam.
            var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                    config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                    config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                 Statement st = db.createStatement()) {
                db.setAutoCommit(false);
                st.execute("INSERT INTO event_topics (topic, workspace_id, seq) VALUES ('test:shared', '" + workspace + "', 1)");
                st.execute("INSERT INTO events (workspace_id, topic, seq, type, payload) VALUES ('" + workspace
                        + "', 'test:shared', 1, 'test.event', '{\"from\": \"instance-2\"}')");
                st.execute("SELECT pg_notify('pmos_events', 'test:shared 1')");
                db.commit();
            }
            JsonObject e = c.next(Duration.ofSeconds(10));
            assertEquals("event", e.getString("type"));
            assertEquals(1, e.getLong("seq"));
            assertEquals("instance-2", e.getJsonObject("data").getString("from"));
        }
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

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
