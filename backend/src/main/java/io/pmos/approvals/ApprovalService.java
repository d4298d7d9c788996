package io.pmos.approvals;

import io.pmos.approvals.ApprovalRepository.Approval;
import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Decisions on approval requests: only admins decide; with "four eyes" nobody decides their own request; a decision
 * is recorded once, audited, and handed to whoever waits for it (the agent loop resumes the run).
 */
@ApplicationScoped
public class ApprovalService {

    /** What the decision body may say. */
    public record DecisionRequest(String decision, String reason) {
    }

    private final ApprovalRepository approvals;
    private final AuditService audit;
    private final Pool pool;
    private final List<BiFunction<Caller, Approval, Uni<Void>>> onDecided = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ApprovalService(ApprovalRepository approvals, AuditService audit, Pool pool) {
        this.approvals = approvals;
        this.audit = audit;
        this.pool = pool;
    }

    /** Whoever waits for decisions registers here (the chat resumes runs, the shell runs commands). */
    public void whenDecided(BiFunction<Caller, Approval, Uni<Void>> handler) {
        onDecided.add(handler);
    }

    /** One request, for the workspace's admins or the person who asked. */
    public Uni<Approval> get(Caller caller, String idText) {
        UUID id = Fields.pathId(idText, "approval request");
        return approvals.get(caller.workspaceId(), id).map(a -> {
            if (a == null || !Roles.isAdmin(caller.role()) && !caller.userId().equals(a.requestedBy())) {
                throw ApiException.notFound("No such approval request in your workspace.");
            }
            return a;
        });
    }

    /** Files a request outside a chat run (e.g. a shell command) and tells the workspace's approvers. */
    public Uni<Approval> request(Caller caller, String tool, io.vertx.core.json.JsonObject arguments, String reason,
                                 java.time.Duration ttl) {
        return approvals.create(caller.workspaceId(), null, null, tool, arguments, ArgumentsHash.of(tool, arguments), reason,
                        caller.userId(), caller.email(), java.time.Instant.now().plus(ttl))
                .call(a -> audit.record(AuditEntry.by(caller, "approval.request", AuditEntry.SUCCESS)
                        .with("approvalId", a.id().toString()).with("tool", tool)));
    }

    public Uni<Void> saveResult(UUID id, io.vertx.core.json.JsonObject result) {
        return approvals.saveResult(id, result);
    }

    public Uni<List<Approval>> list(Caller caller, String status) {
        if (status != null && !List.of("pending", "approved", "denied", "expired").contains(status)) {
            return Uni.createFrom().failure(ApiException.badRequest("Query parameter 'status' must be pending, approved, denied or expired."));
        }
        return approvals.list(caller.workspaceId(), status, Roles.isAdmin(caller.role()) ? null : caller.userId(), 200);
    }

    public Uni<Approval> decide(Caller caller, String idText, DecisionRequest body) {
        UUID id = Fields.pathId(idText, "approval request");
        Fields.body(body);
        String decision = Fields.required(body.decision(), "decision");
        if (!decision.equals("approve") && !decision.equals("deny")) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'decision' must be approve or deny."));
        }
        String reason = body.reason() == null ? null : body.reason().strip();
        if (reason != null && reason.length() > 500) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'reason' must be at most 500 characters."));
        }
        return approvals.get(caller.workspaceId(), id).flatMap(a -> {
            if (a == null) {
                return Uni.createFrom().failure(ApiException.notFound("No such approval request in your workspace."));
            }
            if (!"pending".equals(a.status())) {
                return Uni.createFrom().failure(ApiException.conflict("This request was already decided (" + a.status() + ")."));
            }
            return fourEyes(caller.workspaceId()).flatMap(fourEyes -> {
                if (fourEyes && caller.userId().equals(a.requestedBy())) {
                    return Uni.createFrom().failure(ApiException.forbidden(
                            "Four-eyes approval is on in this workspace: someone else has to decide on your own request."));
                }
                return approvals.decide(caller.workspaceId(), id, decision.equals("approve") ? "approved" : "denied",
                        caller.userId(), caller.email(), reason);
            });
        }).flatMap(decided -> {
            if (decided == null) {
                return Uni.createFrom().failure(ApiException.conflict("This request is no longer pending (it expired or was decided)."));
            }
            return audit.record(AuditEntry.by(caller, "approval.decide", AuditEntry.SUCCESS)
                            .with("approvalId", decided.id().toString()).with("tool", decided.tool())
                            .with("decision", decided.status()).with("requestedBy", decided.requestedEmail()))
                    .call(() -> Uni.join().all(onDecided.stream().map(h -> h.apply(caller, decided)).toList())
                            .andCollectFailures().replaceWithVoid())
                    .replaceWith(decided);
        });
    }

    public Uni<Boolean> fourEyes(UUID workspaceId) {
        return pool.preparedQuery("SELECT four_eyes FROM workspace_settings WHERE workspace_id = $1").execute(Tuple.of(workspaceId))
                .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("four_eyes")));
    }
}
