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

/**
 * Turns a session token into a SecurityIdentity whose one role is the role held in the session's workspace; the
 * session comes from the {@link SessionCache}, so a request reads the database only when its session is not fresh
 * there, and writes it only when the sliding expiry is due.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionTokenRequest> {

    /** Identity attribute set when this request pushed the session's expiry ahead (the cookie is re-sent). */
    static final String EXTENDED = "pmos.session.extended";
    /** Identity attribute holding the signed-in user as /auth/me shows them (read with the session). */
    static final String USER = "pmos.user";
    /** How stale last_seen_at may get before a request writes it again. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);

    private final SessionRepository sessions;
    private final SessionCache cache;
    private final Duration ttl;

    public SessionIdentityProvider(SessionRepository sessions, SessionCache cache, PmosConfig config) {
        this.sessions = sessions;
        this.cache = cache;
        this.ttl = config.auth().sessionTtl();
    }

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        String tokenHash = Tokens.hash(request.token());
        return cache.active(tokenHash).flatMap(session -> {
            if (session == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            Instant now = Instant.now();
            boolean touch = session.lastSeenAt().isBefore(now.minus(TOUCH_EVERY));
            Uni<Void> extended = Uni.createFrom().voidItem();
            if (touch) {
                cache.extended(tokenHash, session, now, now.plus(ttl));
                extended = sessions.extend(session.id(), ttl);
            }
            Caller caller = new Caller(session.userId(), session.email(), session.workspaceId(), session.role(),
                    session.id(), request.ip(), request.userAgent());
            return extended.replaceWith(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(session.userId().toString()))
                    .addRole(session.role())
                    .addAttribute(Caller.ATTRIBUTE, caller)
                    .addAttribute(USER, session.user())
                    .addAttribute(EXTENDED, touch)
                    .build());
        });
    }
}
