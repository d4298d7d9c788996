package io.pmos.live;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client for tests: connects with a session cookie and queues every JSON message it receives. */
public final class LiveClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private LiveClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
    }

    public static LiveClient connect(URI http, String cookie) throws Exception {
        WebSocketClient client = VERTX.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(http.getHost()).setPort(http.getPort())
                .setURI("/api/pmos/ws");
        if (cookie != null) {
            options.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Cookie", "pmos_session=" + cookie));
        }
        CompletableFuture<WebSocket> open = new CompletableFuture<>();
        client.connect(options).onSuccess(open::complete).onFailure(open::completeExceptionally);
        return new LiveClient(open.get(10, TimeUnit.SECONDS));
    }

    void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    void sendBinary(byte[] data) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(data));
    }

    public void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
    }

    /** The next message, or an AssertionError after the timeout. */
    JsonObject next(Duration timeout) throws InterruptedException {
        JsonObject m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return m;
    }

    /** Messages until one matches (inclusive), failing after the timeout. */
    public List<JsonObject> until(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonObject m = received.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (m == null) {
                break;
            }
            seen.add(m);
            if (match.test(m)) {
                return seen;
            }
        }
        throw new AssertionError("no matching message within " + timeout + "; got " + seen);
    }

    /** Nothing more arrives within the window (used after the expected messages were taken). */
    JsonObject poll(Duration window) throws InterruptedException {
        return received.poll(window.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the server closed the connection: its close code and reason. */
    public record Closed(Short code, String reason) {
    }

    /** Waits until the connection is closed, failing after the timeout. */
    public Closed awaitClosed(Duration timeout) throws Exception {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the connection is still open after " + timeout);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.close();
    }
}
