package io.pmos.shell;

import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of host command execution; super_admin only (refusals are audited by the error mapper). */
@Path("/api/pmos/shell")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShellResource {

    private final ShellService shell;
    private final SecurityIdentity identity;

    public ShellResource(ShellService shell, SecurityIdentity identity) {
        this.shell = shell;
        this.identity = identity;
    }

    @POST
    @Path("/exec")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Uni<ShellResult> exec(ShellRequest body) {
        return shell.exec(Caller.of(identity), body);
    }
}
