package io.pmos.flows;

import io.pmos.flows.FlowDtos.RunAnswer;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of runs: the workspace's recent runs (Runs page) and one run with its steps (runs panel). */
@Path("/api/pmos/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final FlowService flows;
    private final SecurityIdentity identity;

    public RunResource(FlowService flows, SecurityIdentity identity) {
        this.flows = flows;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<FlowDtos.RecentRunsAnswer> recent(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return flows.recentRuns(Caller.of(identity), cursor, io.pmos.common.Query.optionalInt(limit, "limit"));
    }

    @GET
    @Path("/{runId}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<RunAnswer> run(@PathParam("runId") String runId) {
        return flows.run(Caller.of(identity), runId);
    }
}
