package io.pmos.audit;

import io.pmos.common.Query;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of the audit log: super_admin reads all of it, a workspace admin the own workspace's part. */
@Path("/api/pmos/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditService audit;
    private final SecurityIdentity identity;

    public AuditResource(AuditService audit, SecurityIdentity identity) {
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<AuditService.AuditPage> list(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        return audit.page(Caller.of(identity), Query.optionalLong(before, "before"),
                Query.optionalInt(limit, "limit"));
    }
}
