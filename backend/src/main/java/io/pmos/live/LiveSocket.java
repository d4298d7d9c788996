package io.pmos.live;

import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;

/** The one WebSocket of PMOS: authenticated by the session cookie on upgrade; everything else lives in {@link LiveHub}. */
@WebSocket(path = "/api/pmos/ws", endpointId = LiveSocket.ID)
@RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
public class LiveSocket {

    public static final String ID = "pmos-live";

    private final LiveHub hub;
    private final SecurityIdentity identity;

    public LiveSocket(LiveHub hub, SecurityIdentity identity) {
        this.hub = hub;
        this.identity = identity;
    }

    /** The connection parameter is the connection itself (not a proxy), so the hub can write to and close it later. */
    @OnOpen
    public void open(WebSocketConnection connection) {
        hub.connect(connection.id(), Caller.of(identity), connection::sendText,
                (code, reason) -> connection.close(new CloseReason(code, reason)).subscribe().with(v -> { }, e -> { }));
    }

    @OnTextMessage
    public Uni<Void> message(WebSocketConnection connection, String text) {
        return hub.onMessage(connection.id(), text);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        hub.disconnect(connection.id());
    }
}
