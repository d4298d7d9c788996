package io.pmos.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The session cookie of a request, handed from the HTTP mechanism to the identity provider. */
public class SessionTokenRequest extends BaseAuthenticationRequest {

    private final String token;
    private final String ip;
    private final String userAgent;

    public SessionTokenRequest(String token, String ip, String userAgent) {
        this.token = token;
        this.ip = ip;
        this.userAgent = userAgent;
    }

    public String token() {
        return token;
    }

    public String ip() {
        return ip;
    }

    public String userAgent() {
        return userAgent;
    }
}
