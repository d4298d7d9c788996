package io.pmos.common;

import io.vertx.core.http.HttpServerRequest;

/** The client address and user agent of a request, trimmed to sizes fit for the audit log. */
public record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 300;

    public static ClientInfo of(HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(ip == null ? "unknown" : ip, agent);
    }

    /** True when the request reached us over TLS, directly or through a proxy that says so. */
    public static boolean isSecure(HttpServerRequest request) {
        return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }
}
