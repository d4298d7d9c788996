package io.pmos.live;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.pmos.identity.Caller;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The one WebSocket of PMOS: authenticated by the session cookie on upgrade, where {@link LiveUpgrade} admits the
 * four roles (401 signed out, 403 otherwise); everything else lives in {@link LiveHub}. No @RolesAllowed here: on a
 * WebSockets Next endpoint it secures every callback too, which keeps a request context with the upgrade's whole
 * authentication pipeline alive per connection; the access of an open socket is followed by the hub instead.
 */
@WebSocket(path = "/api/pmos/ws", endpointId = LiveSocket.ID)
public class LiveSocket {

    public static final String ID = "pmos-live";

    private final LiveHub hub;
    private final MalformedFrames malformed;

    /**
     * No SecurityIdentity is injected here: that request-scoped bean made every connection keep a request context
     * holding the upgrade's whole authentication pipeline. The caller comes from {@link LiveUpgrade} instead.
     */
    public LiveSocket(LiveHub hub, MalformedFrames malformed) {
        this.hub = hub;
        this.malformed = malformed;
    }

    /**
     * The connection parameter is the connection itself (not a proxy), so the hub can write to and close it later. This
     * runs on the connection's context: the hub writes this connection's frames there, on its own event loop.
     */
    @OnOpen
    public void open(WebSocketConnection connection) {
        Caller caller = LiveUpgrade.takeOver(connection.userData());
        if (caller == null) {
            // not possible behind @RolesAllowed and LiveUpgrade; refused rather than guessed
            connection.close(new CloseReason(LiveHub.CLOSE_SESSION_ENDED, LiveHub.SESSION_ENDED)).subscribe().with(v -> { }, e -> { });
            return;
        }
        hub.connect(connection.id(), caller, connection::sendText,
                (code, reason) -> connection.close(new CloseReason(code, reason)).subscribe().with(v -> { }, e -> { }));
    }

    @OnTextMessage
    public Uni<Void> message(WebSocketConnection connection, String text) {
        return hub.onMessage(connection.id(), text);
    }

    /** Binary frames carry nothing PMOS reads: the client is told, the connection stays usable. */
    @OnBinaryMessage
    public Uni<Void> binary(WebSocketConnection connection, Buffer data) {
        malformed.record(connection.id(), "binary frame");
        return connection.sendText(new JsonObject().put("type", "error").put("code", "BAD_MESSAGE")
                .put("message", "Send text frames holding JSON objects.").encode());
    }

    /**
     * A frame that breaks the WebSocket protocol (unmasked, reserved bits or opcodes, oversized, bad continuation)
     * leaves the byte stream unreadable, so the connection ends (Vert.x drops it; if it is still open, it is closed with
     * 1002 and a plain reason). Logged as one short line at most, never with a stack trace.
     */
    @OnError
    public Uni<Void> corrupted(WebSocketConnection connection, CorruptedWebSocketFrameException e) {
        malformed.record(connection.id(), "protocol violation");
        if (connection.isClosed()) {
            return Uni.createFrom().voidItem();
        }
        return connection.close(new CloseReason(1002, "Malformed WebSocket frame."))
                .onFailure().recoverWithNull();
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        malformed.closed(connection.id());
        hub.disconnect(connection.id());
    }
}
