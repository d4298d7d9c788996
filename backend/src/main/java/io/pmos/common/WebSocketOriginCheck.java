package io.pmos.common;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a WebSocket upgrade (403, before the handshake completes) from a page of another site: a cookie-authenticated
 * socket opened by evil.example would otherwise read the signed-in user's live events. Same rule as for HTTP writes.
 */
@ApplicationScoped
public class WebSocketOriginCheck implements HttpUpgradeCheck {

    private final Origins origins;

    public WebSocketOriginCheck(Origins origins) {
        this.origins = origins;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return origins.crossSite(context.httpRequest()) ? CheckResult.rejectUpgrade(403) : CheckResult.permitUpgrade();
    }
}
