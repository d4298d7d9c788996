package io.pmos.identity;

import io.pmos.common.ClientInfo;
import io.pmos.config.PmosConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** The pmos_session cookie: HttpOnly, SameSite=Lax, Path=/, Secure behind TLS, sliding 30-day Max-Age. */
@ApplicationScoped
public class SessionCookies {

    public static final String NAME = "pmos_session";

    private final long maxAgeSeconds;

    public SessionCookies(PmosConfig config) {
        this.maxAgeSeconds = config.auth().sessionTtl().toSeconds();
    }

    public String issue(String token, HttpServerRequest request) {
        return build(token, maxAgeSeconds, request);
    }

    public String clear(HttpServerRequest request) {
        return build("", 0, request);
    }

    /** After the response's own headers are set, re-sends the cookie with a fresh Max-Age unless the endpoint changed it. */
    void resendUnlessChanged(RoutingContext rc, String token) {
        rc.addHeadersEndHandler(v -> {
            boolean changed = rc.response().headers().getAll("Set-Cookie").stream()
                    .anyMatch(h -> h.startsWith(NAME + "="));
            if (!changed) {
                rc.response().headers().add("Set-Cookie", issue(token, rc.request()));
            }
        });
    }

    private static String build(String value, long maxAge, HttpServerRequest request) {
        StringBuilder cookie = new StringBuilder(NAME).append('=').append(value)
                .append("; Path=/; Max-Age=").append(maxAge).append("; HttpOnly; SameSite=Lax");
        if (ClientInfo.isSecure(request)) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }
}
