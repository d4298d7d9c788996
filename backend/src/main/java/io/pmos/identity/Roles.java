package io.pmos.identity;

import java.util.List;

/** The four roles; endpoints name the ones they admit with @RolesAllowed and these constants. */
public final class Roles {

    public static final String SUPER_ADMIN = "super_admin";
    public static final String WORKSPACE_ADMIN = "workspace_admin";
    public static final String MEMBER = "member";
    public static final String VIEWER = "viewer";

    public static final List<String> ALL = List.of(SUPER_ADMIN, WORKSPACE_ADMIN, MEMBER, VIEWER);

    /** Roles a workspace admin may hand out; super_admin is never granted through the API. */
    public static final List<String> ASSIGNABLE = List.of(WORKSPACE_ADMIN, MEMBER, VIEWER);

    private Roles() {
    }

    public static boolean isAdmin(String role) {
        return SUPER_ADMIN.equals(role) || WORKSPACE_ADMIN.equals(role);
    }
}
