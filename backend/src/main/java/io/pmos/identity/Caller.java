package io.pmos.identity;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.UUID;

/** Who is calling: the signed-in user, the workspace the session is in, and the role held there. */
public record Caller(UUID userId, String email, UUID workspaceId, String role, UUID sessionId,
                     String ip, String userAgent) {

    static final String ATTRIBUTE = "pmos.caller";

    public boolean isSuperAdmin() {
        return Roles.SUPER_ADMIN.equals(role);
    }

    /** The same caller holding another role (a socket's caller after a role change). */
    public Caller withRole(String newRole) {
        return new Caller(userId, email, workspaceId, newRole, sessionId, ip, userAgent);
    }

    /** The caller behind an authenticated identity; only endpoints with @RolesAllowed call this. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return caller;
    }
}
