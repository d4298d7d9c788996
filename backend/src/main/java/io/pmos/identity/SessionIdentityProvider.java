package io.pmos.identity;

import io.pmos.config.PmosConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** Turns a session token into a SecurityIdentity whose one role is the role held in the session's workspace. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionTokenRequest> {

    /** Identity attribute set when this request pushed the session's expiry ahead (the cookie is re-sent). */
    static final String EXTENDED = "pmos.session.extended";
    /** How stale last_seen_at may get before a request writes it again. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);

    private final SessionRepository sessions;
    private final Duration ttl;

    public SessionIdentityProvider(SessionRepository sessions, PmosConfig config) {
        this.sessions = sessions;
        this.ttl = config.auth().sessionTtl();
    }

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return sessions.findActive(Tokens.hash(request.token())).flatMap(session -> {
            if (session == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            boolean touch = session.lastSeenAt().isBefore(Instant.now().minus(TOUCH_EVERY));
            Uni<Void> extended = touch ? sessions.extend(session.id(), ttl) : Uni.createFrom().voidItem();
            Caller caller = new Caller(session.userId(), session.email(), session.workspaceId(), session.role(),
                    session.id(), request.ip(), request.userAgent());
            return extended.replaceWith(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(session.userId().toString()))
                    .addRole(session.role())
                    .addAttribute(Caller.ATTRIBUTE, caller)
                    .addAttribute(EXTENDED, touch)
                    .build());
        });
    }
}
