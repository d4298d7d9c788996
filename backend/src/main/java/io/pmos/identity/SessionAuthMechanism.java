package io.pmos.identity;

import io.pmos.common.ClientInfo;
import io.pmos.common.StoreUnavailableException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Reads the pmos_session cookie; a missing, unknown, expired or revoked session is simply "not signed in". A session
 * that could not be looked up because the database is unreachable is neither: the request fails as unavailable (503).
 */
@ApplicationScoped
public class SessionAuthMechanism implements HttpAuthenticationMechanism {

    private final SessionCookies cookies;

    public SessionAuthMechanism(SessionCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identities) {
        Cookie cookie = rc.request().getCookie(SessionCookies.NAME);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        ClientInfo client = ClientInfo.of(rc.request());
        String token = cookie.getValue();
        return identities.authenticate(new SessionTokenRequest(token, client.ip(), client.userAgent()))
                .onFailure(StoreUnavailableException::causes).transform(StoreUnavailableException::new)
                .onFailure(e -> !(e instanceof StoreUnavailableException)).recoverWithNull()
                .invoke(identity -> {
                    if (identity != null && Boolean.TRUE.equals(identity.getAttribute(SessionIdentityProvider.EXTENDED))) {
                        cookies.resendUnlessChanged(rc, token);
                    }
                });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionTokenRequest.class);
    }
}
