package io.pmos.mcp;

import io.pmos.net.OutboundPolicy;
import io.pmos.mcp.LocalMcpServer.Seen;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pmos.mcp.LocalMcpServer.NODES;
import static io.pmos.mcp.LocalMcpServer.initializeResult;
import static io.pmos.mcp.LocalMcpServer.json;
import static io.pmos.mcp.LocalMcpServer.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The session registry: reuse per key, replacement on changed settings, closing on demand and when idle. */
class McpSessionsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Vertx vertx;
    private static McpClient client;
    private LocalMcpServer server;
    private final AtomicInteger sessionsHandedOut = new AtomicInteger();
    private final AtomicInteger initializeFailuresLeft = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        client = new McpClient(vertx, McpSettings.defaults(), new OutboundPolicy(vertx.getDelegate(), true));
    }

    @AfterAll
    static void tearDown() {
        client.shutdown();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void startServer() {
        server = LocalMcpServer.start(vertx.getDelegate(), (req, seen) -> {
            if ("DELETE".equals(seen.httpMethod())) {
                req.response().setStatusCode(200).end();
            } else if ("initialize".equals(seen.rpcMethod())) {
                if (initializeFailuresLeft.getAndDecrement() > 0) {
                    req.response().setStatusCode(503).end();
                    return;
                }
                req.response().putHeader("Mcp-Session-Id", "s" + sessionsHandedOut.incrementAndGet());
                json(req, 200, response(seen.id(), initializeResult("2025-11-25")));
            } else if (seen.id() == null) {
                req.response().setStatusCode(202).end();
            } else if ("ping".equals(seen.rpcMethod())) {
                json(req, 200, response(seen.id(), NODES.objectNode()));
            }
            // tools/call is never answered: an in-flight request for the idle rule
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private McpEndpoint endpoint() {
        return new McpEndpoint(server.url(), McpAuth.bearer("first-token"));
    }

    private Seen awaitDelete(String sessionId) {
        return server.awaitRequest(s -> "DELETE".equals(s.httpMethod()) && sessionId.equals(s.header("Mcp-Session-Id")), WAIT);
    }

    @Test
    void oneKeySharesOneSessionAndOneHandshake() {
        McpSessions sessions = new McpSessions(client);
        String key = McpSessions.key(UUID.randomUUID(), "bcgpt");
        List<McpSession> both = Uni.join().all(sessions.session(key, endpoint()), sessions.session(key, endpoint()))
                .andFailFast().await().atMost(WAIT);
        assertSame(both.get(0), both.get(1));
        assertSame(both.get(0), sessions.session(key, endpoint()).await().atMost(WAIT));
        assertEquals(1, server.seen("initialize").size());
        sessions.session("other-key", endpoint()).await().atMost(WAIT);
        assertEquals(2, server.seen("initialize").size(), "another key gets its own session");
    }

    @Test
    void changedSettingsReplaceTheSessionAndEndTheOldOne() {
        McpSessions sessions = new McpSessions(client);
        McpSession first = sessions.session("k", endpoint()).await().atMost(WAIT);
        McpEndpoint rotated = new McpEndpoint(server.url(), McpAuth.bearer("second-token"));
        McpSession second = sessions.session("k", rotated).await().atMost(WAIT);
        assertNotSame(first, second);
        awaitDelete("s1");
        assertEquals("Bearer second-token", server.seen("initialize").get(1).header("Authorization"));
        assertEquals(1, sessions.size());
    }

    @Test
    void closeOnDemandAndReopenOnNextUse() {
        McpSessions sessions = new McpSessions(client);
        McpSession first = sessions.session("k", endpoint()).await().atMost(WAIT);
        sessions.close("k").await().atMost(WAIT);
        awaitDelete("s1");
        assertEquals(0, sessions.size());
        McpSession again = sessions.session("k", endpoint()).await().atMost(WAIT);
        assertNotSame(first, again);
        again.ping().await().atMost(WAIT);
    }

    @Test
    void aSessionClosedElsewhereIsReplaced() {
        McpSessions sessions = new McpSessions(client);
        McpSession first = sessions.session("k", endpoint()).await().atMost(WAIT);
        first.close().await().atMost(WAIT);
        McpSession next = sessions.session("k", endpoint()).await().atMost(WAIT);
        assertNotSame(first, next);
        next.ping().await().atMost(WAIT);
    }

    @Test
    void aFailedHandshakeIsNotRemembered() {
        initializeFailuresLeft.set(1);
        McpSessions sessions = new McpSessions(client);
        McpException e = assertThrows(McpException.class, () -> sessions.session("k", endpoint()).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_HTTP_ERROR, e.code());
        sessions.session("k", endpoint()).await().atMost(WAIT).ping().await().atMost(WAIT);
    }

    @Test
    void idleSessionsCloseButBusyOnesStay() {
        McpSessions sessions = new McpSessions(client, Duration.ofMinutes(10));
        UUID workspace = UUID.randomUUID();
        sessions.session(McpSessions.key(workspace, "idle"), endpoint()).await().atMost(WAIT);
        McpSession busy = sessions.session(McpSessions.key(workspace, "busy"), endpoint()).await().atMost(WAIT);
        Cancellable running = busy.callTool("long", null).subscribe().with(r -> { }, f -> { });
        server.awaitRequest(s -> s.isRpc("tools/call"), WAIT);

        sessions.closeIdle(System.nanoTime()).await().atMost(WAIT);
        assertEquals(2, sessions.size(), "nothing is idle for 10 minutes yet");

        sessions.closeIdle(System.nanoTime() + Duration.ofMinutes(11).toNanos()).await().atMost(WAIT);
        assertEquals(1, sessions.size(), "the idle one closed, the one with a running call stayed");
        awaitDelete("s1");
        running.cancel();

        sessions.closeAll(k -> k.startsWith(workspace + "/")).await().atMost(WAIT);
        assertEquals(0, sessions.size());
        awaitDelete("s2");
    }
}
