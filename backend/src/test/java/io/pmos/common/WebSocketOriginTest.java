package io.pmos.common;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The review's cross-site WebSocket replay: a page of evil.example (or a sandboxed frame, Origin "null") opens
 * /api/pmos/ws with the victim's cookie. The upgrade is refused with 403 before the handshake completes.
 */
@QuarkusTest
class WebSocketOriginTest {

    private static final Vertx VERTX = Vertx.vertx();

    @TestHTTPResource("/")
    URI base;

    private String cookie;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        cookie = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private CompletableFuture<WebSocket> open(String origin, String fetchSite) {
        return open(base, cookie, origin, fetchSite);
    }

    /** A real WebSocket handshake with the session cookie and, when given, Origin and Sec-Fetch-Site headers. */
    static CompletableFuture<WebSocket> open(URI base, String cookie, String origin, String fetchSite) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", "pmos_session=" + cookie);
        if (origin != null) {
            headers.add("Origin", origin);
        }
        if (fetchSite != null) {
            headers.add("Sec-Fetch-Site", fetchSite);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/api/pmos/ws").setHeaders(headers);
        CompletableFuture<WebSocket> socket = new CompletableFuture<>();
        VERTX.createWebSocketClient().connect(options).onSuccess(socket::complete).onFailure(socket::completeExceptionally);
        return socket;
    }

    private void assertRefused(String origin, String fetchSite) {
        assertUpgradeRefused(open(origin, fetchSite), origin);
    }

    static void assertUpgradeRefused(CompletableFuture<WebSocket> upgrade, String origin) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> upgrade.get(10, TimeUnit.SECONDS),
                "the upgrade from " + origin + " must be refused");
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e.getCause());
        assertEquals(403, rejected.getStatus());
    }

    private void assertWorks(String origin) throws Exception {
        assertUpgradeWorks(open(origin, null));
    }

    /** The socket is open and answers: a ping gets its pong. */
    static void assertUpgradeWorks(CompletableFuture<WebSocket> upgrade) throws Exception {
        WebSocket socket = upgrade.get(10, TimeUnit.SECONDS);
        try {
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            socket.textMessageHandler(text -> reply.complete(new JsonObject(text)));
            socket.writeTextMessage(new JsonObject().put("type", "ping").encode());
            assertEquals("pong", reply.get(10, TimeUnit.SECONDS).getString("type"));
        } finally {
            socket.close();
        }
    }

    @Test
    void anUpgradeFromAnotherSiteIsRefused() {
        assertRefused("http://evil.example", null);
        assertRefused("http://localhost:" + (base.getPort() + 1), null);
        assertRefused(null, "cross-site");
    }

    @Test
    void anUpgradeFromAnOpaqueOriginIsRefused() {
        assertRefused("null", null);
    }

    @Test
    void anUpgradeFromPmosOwnPageOrWithoutOriginWorks() throws Exception {
        assertWorks("http://localhost:" + base.getPort());
        assertWorks(null);
    }
}
