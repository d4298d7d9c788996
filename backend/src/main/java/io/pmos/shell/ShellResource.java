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
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** HTTP shape of host command execution: super_admin files a command, which runs after another super admin approves it. */
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
    public Uni<Response> exec(ShellRequest body) {
        return shell.exec(Caller.of(identity), body).map(a -> Response.status(202).entity(Map.of("ok", true,
                "status", "pending", "approvalId", a.id().toString(),
                "message", "The command waits for another super admin's approval (Approvals inbox); nobody decides their own "
                        + "shell command. Its output will be on the request, for you and the approver only.")).build());
    }
}
