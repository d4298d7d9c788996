package io.pmos.flows;

import io.pmos.common.OkBody;
import io.pmos.common.Query;
import io.pmos.flows.FlowDtos.CreateFlowRequest;
import io.pmos.flows.FlowDtos.FlowAnswer;
import io.pmos.flows.FlowDtos.FlowsAnswer;
import io.pmos.flows.FlowDtos.OperationRequest;
import io.pmos.flows.FlowDtos.RunsAnswer;
import io.pmos.flows.FlowDtos.TestRunAnswer;
import io.pmos.flows.FlowDtos.TestRunRequest;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP shape of the workspace's flows: list, create, read, delete, edit by operations, test runs and their runs. */
@Path("/api/pmos/flows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlowResource {

    private final FlowService flows;
    private final SecurityIdentity identity;

    public FlowResource(FlowService flows, SecurityIdentity identity) {
        this.flows = flows;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<FlowsAnswer> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return flows.list(Caller.of(identity), cursor, Query.optionalInt(limit, "limit"));
    }

    @POST
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER})
    public Uni<Response> create(CreateFlowRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return flows.create(Caller.of(identity), body, idempotencyKey).map(a -> Response.status(201).entity(a).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<FlowAnswer> get(@PathParam("id") String id) {
        return flows.get(Caller.of(identity), id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER})
    @Consumes(MediaType.WILDCARD)
    public Uni<OkBody> delete(@PathParam("id") String id) {
        return flows.delete(Caller.of(identity), id).replaceWith(OkBody.OK);
    }

    @POST
    @Path("/{id}/operations")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER})
    public Uni<FlowAnswer> operate(@PathParam("id") String id, OperationRequest body) {
        return flows.operate(Caller.of(identity), id, body);
    }

    @POST
    @Path("/{id}/runs")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER})
    @Consumes(MediaType.WILDCARD)
    public Uni<TestRunAnswer> testRun(@PathParam("id") String id, TestRunRequest body) {
        return flows.testRun(Caller.of(identity), id, body);
    }

    @GET
    @Path("/{id}/runs")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<RunsAnswer> runs(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                @QueryParam("limit") String limit) {
        return flows.runs(Caller.of(identity), id, cursor, Query.optionalInt(limit, "limit"));
    }
}
