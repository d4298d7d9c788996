package io.pmos.approvals;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pmos.approvals.ApprovalRepository.Approval;
import io.pmos.approvals.ApprovalService.DecisionRequest;
import io.pmos.common.Jsons;
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

import java.util.Map;

/** HTTP shape of approval requests: the inbox (admins see all of the workspace, others their own) and decisions. */
@Path("/api/pmos/approvals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApprovalView(String id, String runId, String toolCallId, String tool, Map<String, Object> arguments,
                               String riskReason, String requestedBy, String status, String expiresAt, String decidedBy,
                               String decidedAt, String reason, Map<String, Object> result, String createdAt,
                               boolean canDecide) {
    }

    private final ApprovalService approvals;
    private final SecurityIdentity identity;

    public ApprovalResource(ApprovalService approvals, SecurityIdentity identity) {
        this.approvals = approvals;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Map<String, Object>> list(@QueryParam("status") String status) {
        return approvals.list(Caller.of(identity), status).map(list -> Map.of("ok", true, "approvals",
                list.stream().map(s -> view(s.approval(), s.canDecide())).toList()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return approvals.get(Caller.of(identity), id).map(s -> Map.of("ok", true, "approval", view(s.approval(), s.canDecide())));
    }

    @POST
    @Path("/{id}/decision")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<Map<String, Object>> decide(@PathParam("id") String id, DecisionRequest body) {
        Caller caller = Caller.of(identity);
        return approvals.decide(caller, id, body).map(a -> Map.of("ok", true, "approval", view(a, false)));
    }

    static ApprovalView view(Approval a, boolean canDecide) {
        return new ApprovalView(a.id().toString(), a.runId() == null ? null : a.runId().toString(), a.toolCallId(), a.tool(),
                Jsons.plain(a.arguments()), a.riskReason(), a.requestedEmail(), a.status(), a.expiresAt().toString(),
                a.decidedEmail(), a.decidedAt() == null ? null : a.decidedAt().toString(), a.reason(), Jsons.plain(a.result()),
                a.createdAt().toString(), canDecide);
    }
}
