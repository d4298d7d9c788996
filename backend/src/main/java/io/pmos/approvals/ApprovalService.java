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

    /** A request as one caller sees it: the result only when they may see it, and whether they may decide it. */
    public record Shown(Approval approval, boolean canDecide) {
    }

    /** One request, for the workspace's admins or the person who asked (shell commands: super admins and the requester). */
    public Uni<Shown> get(Caller caller, String idText) {
        UUID id = Fields.pathId(idText, "approval request");
        return find(caller, id).flatMap(a -> fourEyes(a.workspaceId()).map(fourEyes -> shown(caller, a, fourEyes)));
    }

    /** The request if the caller may see it at all, else 404 (as for an id that does not exist). */
    private Uni<Approval> find(Caller caller, UUID id) {
        Uni<Approval> row = caller.isSuperAdmin() ? approvals.getAnywhere(id) : approvals.get(caller.workspaceId(), id);
        return row.map(a -> {
            boolean own = a != null && caller.userId().equals(a.requestedBy());
            boolean visible = a != null && (isShell(a)
                    ? caller.isSuperAdmin() || own
                    : a.workspaceId().equals(caller.workspaceId()) && (Roles.isAdmin(caller.role()) || own));
            if (!visible) {
                throw ApiException.notFound("No such approval request in your workspace.");
            }
            return a;
        });
    }

    static boolean isShell(Approval a) {
        return ApprovalRepository.SHELL.equals(a.tool());
    }

    /**
     * A shell command's output is for the person who asked and the super admin who approved it only; everything else
     * shows as stored. Deciding: admins of the workspace, not on their own request under four eyes; shell commands only
     * super admins, never the requester (four eyes always).
     */
    static Shown shown(Caller caller, Approval a, boolean fourEyes) {
        boolean own = caller.userId().equals(a.requestedBy());
        boolean mayDecide = "pending".equals(a.status()) && (isShell(a) ? caller.isSuperAdmin() && !own
                : Roles.isAdmin(caller.role()) && !(fourEyes && own));
        boolean seesResult = !isShell(a) || own || caller.userId().equals(a.decidedBy());
        Approval out = seesResult || a.result() == null ? a : new Approval(a.id(), a.workspaceId(), a.runId(), a.toolCallId(),
                a.tool(), a.arguments(), a.argumentsHash(), a.riskReason(), a.requestedBy(), a.requestedEmail(), a.status(),
                a.expiresAt(), a.decidedBy(), a.decidedEmail(), a.decidedAt(), a.reason(), null, a.createdAt());
        return new Shown(out, mayDecide);
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

    public Uni<List<Shown>> list(Caller caller, String status) {
        if (status != null && !List.of("pending", "approved", "denied", "expired").contains(status)) {
            return Uni.createFrom().failure(ApiException.badRequest("Query parameter 'status' must be pending, approved, denied or expired."));
        }
        return fourEyes(caller.workspaceId()).flatMap(fourEyes -> approvals.list(caller.workspaceId(), status,
                        Roles.isAdmin(caller.role()) ? null : caller.userId(), 200, caller.userId(), caller.isSuperAdmin())
                .map(list -> list.stream().map(a -> shown(caller, a, fourEyes)).toList()));
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
        return find(caller, id).flatMap(a -> {
            if (isShell(a) && !caller.isSuperAdmin()) {
                return Uni.createFrom().failure(ApiException.forbidden("Only a super admin decides on shell commands."));
            }
            if (isShell(a) && caller.userId().equals(a.requestedBy())) {
                return Uni.createFrom().failure(ApiException.forbidden("Shell commands always need a second person: "
                        + "another super admin has to decide on your own command."));
            }
            if (!"pending".equals(a.status())) {
                return Uni.createFrom().failure(ApiException.conflict("This request was already decided (" + a.status() + ")."));
            }
            return fourEyes(a.workspaceId()).flatMap(fourEyes -> {
                if (fourEyes && caller.userId().equals(a.requestedBy())) {
                    return Uni.createFrom().failure(ApiException.forbidden(
                            "Four-eyes approval is on in this workspace: someone else has to decide on your own request."));
                }
                return approvals.decide(a.workspaceId(), id, decision.equals("approve") ? "approved" : "denied",
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
