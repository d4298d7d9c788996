package io.pmos.live;

import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands the live socket what it keeps of its upgrade request, and nothing more (issue 11 item 3): the caller, put in
 * the connection's user data here, so that the endpoint needs no request-scoped SecurityIdentity (whose per-connection
 * request context kept the whole authentication pipeline of the upgrade alive); and a way to let go of what the
 * upgrade request gathered while it was a request, which the framework keeps referenced for the connection's life.
 */
@ApplicationScoped
public class LiveUpgrade implements HttpUpgradeCheck {

    static final UserData.TypedKey<Caller> CALLER = new UserData.TypedKey<>("pmos.caller");
    static final UserData.TypedKey<Runnable> RELEASE = new UserData.TypedKey<>("pmos.release-upgrade");

    @Override
    public boolean appliesTo(String endpointId) {
        return LiveSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return CheckResult.rejectUpgradeSync(401);
            }
            if (Roles.ALL.stream().noneMatch(identity::hasRole)) {
                return CheckResult.rejectUpgradeSync(403);
            }
            context.userData().put(CALLER, Caller.of(identity));
            // The upgrade request never ends as a request does, so its request context (the identity association
            // with the authentication pipeline) and its routing context's data (the deferred identity with 16
            // context-propagation snapshots) would live as long as the socket: they are let go once it is open.
            ManagedContext requests = Arc.container().requestContext();
            boolean active = requests.isActive();
            RoutingContext upgrade = active ? Arc.container().instance(CurrentVertxRequest.class).get().getCurrent() : null;
            InjectableContext.ContextState state = active ? requests.getState() : null;
            context.userData().put(RELEASE, () -> {
                if (state != null && state.isValid()) {
                    requests.destroy(state);
                }
                if (upgrade != null) {
                    upgrade.data().clear();
                }
            });
            return CheckResult.permitUpgradeSync();
        });
    }

    /** The caller of a connection whose upgrade this check saw; lets go of the upgrade request's data. */
    static Caller takeOver(UserData data) {
        Runnable release = data.remove(RELEASE);
        if (release != null) {
            release.run();
        }
        return data.get(CALLER);
    }
}
