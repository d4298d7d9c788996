package io.pmos.admin;

import io.pmos.common.Query;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of the super_admin console. */
@Path("/api/pmos/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SUPER_ADMIN)
public class AdminResource {

    private final AdminService admin;
    private final SecurityIdentity identity;

    public AdminResource(AdminService admin, SecurityIdentity identity) {
        this.admin = admin;
        this.identity = identity;
    }

    @GET
    @Path("/workspaces")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Uni<AdminDtos.WorkspacesAnswer> workspaces() {
        return admin.workspaces().map(list -> new AdminDtos.WorkspacesAnswer(true, list));
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Uni<AdminDtos.UsersAnswer> users(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return admin.users(Query.optionalInt(limit, "limit"), Query.optionalInt(offset, "offset"));
    }

    @GET
    @Path("/settings")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Uni<AdminDtos.SettingsAnswer> settings() {
        return admin.settings().map(s -> new AdminDtos.SettingsAnswer(true, s));
    }

    @PUT
    @Path("/settings")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Uni<AdminDtos.SettingsAnswer> updateSettings(AdminDtos.Settings body) {
        return admin.updateSettings(Caller.of(identity), body).map(s -> new AdminDtos.SettingsAnswer(true, s));
    }
}
