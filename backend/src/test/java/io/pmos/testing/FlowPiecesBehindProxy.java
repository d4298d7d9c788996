package io.pmos.testing;

import java.net.URI;
import java.util.Map;

import static io.pmos.TestSupport.as;

/** Puts a {@link FaultProxy} in front of the local Flow Pieces and points a workspace's connector at it. */
public final class FlowPiecesBehindProxy {

    private FlowPiecesBehindProxy() {
    }

    /** A proxy to the running local Flow Pieces; the caller closes it. */
    public static FaultProxy start() {
        URI local = URI.create(LocalFlowPieces.url());
        return FaultProxy.to(local.getHost(), local.getPort());
    }

    /**
     * Connects the admin's workspace to Flow Pieces through the proxy, with the local user account (the platform key
     * stays server-side), and signs in at once so that a later fault hits the call under test, not the sign-in.
     */
    public static void connect(String admin, FaultProxy proxy) {
        as(admin).body(Map.of("flowPieces", Map.of("url", "http://127.0.0.1:" + proxy.port(), "authMode", "password",
                        "email", LocalFlowPieces.USER_EMAIL, "projectId", LocalFlowPieces.PROJECT_ID,
                        "secret", LocalFlowPieces.USER_PASSWORD)))
                .put("/api/pmos/connectors").then().statusCode(200);
        as(admin).get("/api/pmos/flows?limit=1").then().statusCode(200);
    }
}
