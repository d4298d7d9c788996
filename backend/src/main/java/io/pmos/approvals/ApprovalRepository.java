package io.pmos.approvals;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Approval requests: the exact tool and arguments (with their hash), who asked, who decided, why, until when. */
@ApplicationScoped
public class ApprovalRepository {

    private final Pool pool;

    public ApprovalRepository(Pool pool) {
        this.pool = pool;
    }

    /** One approval request as stored. */
    public record Approval(UUID id, UUID workspaceId, UUID runId, String toolCallId, String tool, JsonObject arguments,
                           String argumentsHash, String riskReason, UUID requestedBy, String requestedEmail, String status,
                           OffsetDateTime expiresAt, UUID decidedBy, String decidedEmail, OffsetDateTime decidedAt,
                           String reason, JsonObject result, OffsetDateTime createdAt) {
    }

    public Uni<Approval> create(UUID workspace, UUID runId, String toolCallId, String tool, JsonObject arguments, String hash,
                                String riskReason, UUID requestedBy, String requestedEmail, Instant expiresAt) {
        return pool.preparedQuery("""
                        INSERT INTO approvals (id, workspace_id, run_id, tool_call_id, tool, arguments, arguments_hash, risk_reason,
                          requested_by, requested_email, status, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) RETURNING *""")
                .execute(Tuple.from(new Object[]{UUID.randomUUID(), workspace, runId, toolCallId, tool, arguments, hash,
                        riskReason, requestedBy, requestedEmail, OffsetDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC)}))
                .map(rows -> one(rows));
    }

    public Uni<Approval> forCall(UUID runId, String toolCallId) {
        return pool.preparedQuery("SELECT * FROM approvals WHERE run_id = $1 AND tool_call_id = $2 ORDER BY created_at DESC LIMIT 1")
                .execute(Tuple.of(runId, toolCallId)).map(ApprovalRepository::one);
    }

    public Uni<Approval> get(UUID workspace, UUID id) {
        return pool.preparedQuery("SELECT * FROM approvals WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspace, id)).map(ApprovalRepository::one);
    }

    /** A request of any workspace (shell commands are decided instance-wide by super admins). */
    public Uni<Approval> getAnywhere(UUID id) {
        return pool.preparedQuery("SELECT * FROM approvals WHERE id = $1").execute(Tuple.of(id)).map(ApprovalRepository::one);
    }

    /**
     * The requests a caller sees: the workspace's (only the requester's when requester is set), without other people's
     * shell commands; for a super admin also the shell commands of every workspace.
     */
    public Uni<List<Approval>> list(UUID workspace, String status, UUID requester, int limit, UUID caller, boolean superAdmin) {
        return pool.preparedQuery("""
                        SELECT * FROM approvals WHERE (workspace_id = $1 OR ($6 AND tool = $7))
                          AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR requested_by = $3)
                          AND ($6 OR tool <> $7 OR requested_by = $5)
                          ORDER BY created_at DESC LIMIT $4""")
                .execute(Tuple.from(new Object[]{workspace, status, requester, limit, caller, superAdmin, SHELL}))
                .map(ApprovalRepository::all);
    }

    /** The tool name under which shell commands are filed. */
    public static final String SHELL = "shell.exec";

    /** Records a decision on a still-pending, unexpired request; null when it was no longer pending. */
    public Uni<Approval> decide(UUID workspace, UUID id, String status, UUID by, String byEmail, String reason) {
        return pool.preparedQuery("""
                        UPDATE approvals SET status = $3, decided_by = $4, decided_email = $5, decided_at = now(), reason = $6
                        WHERE workspace_id = $1 AND id = $2 AND status = 'pending' AND expires_at > now() RETURNING *""")
                .execute(Tuple.from(new Object[]{workspace, id, status, by, byEmail, reason})).map(ApprovalRepository::one);
    }

    public Uni<Void> saveResult(UUID id, JsonObject result) {
        return pool.preparedQuery("UPDATE approvals SET result = $2 WHERE id = $1").execute(Tuple.of(id, result)).replaceWithVoid();
    }

    public Uni<List<Approval>> expireDue() {
        return pool.query("UPDATE approvals SET status = 'expired', decided_at = now(), reason = 'Nobody decided in time.' "
                + "WHERE status = 'pending' AND expires_at <= now() RETURNING *").execute().map(ApprovalRepository::all);
    }

    public Uni<List<Approval>> expireForRun(UUID runId, String reason) {
        return pool.preparedQuery("UPDATE approvals SET status = 'expired', decided_at = now(), reason = $2 "
                        + "WHERE run_id = $1 AND status = 'pending' RETURNING *")
                .execute(Tuple.of(runId, reason)).map(ApprovalRepository::all);
    }

    private static Approval one(RowSet<Row> rows) {
        return rows.size() == 0 ? null : approval(rows.iterator().next());
    }

    private static List<Approval> all(RowSet<Row> rows) {
        List<Approval> out = new ArrayList<>();
        rows.forEach(r -> out.add(approval(r)));
        return out;
    }

    private static Approval approval(Row r) {
        return new Approval(r.getUUID("id"), r.getUUID("workspace_id"), r.getUUID("run_id"), r.getString("tool_call_id"),
                r.getString("tool"), (JsonObject) r.getValue("arguments"), r.getString("arguments_hash"),
                r.getString("risk_reason"), r.getUUID("requested_by"), r.getString("requested_email"), r.getString("status"),
                r.getOffsetDateTime("expires_at"), r.getUUID("decided_by"), r.getString("decided_email"),
                r.getOffsetDateTime("decided_at"), r.getString("reason"), (JsonObject) r.getValue("result"),
                r.getOffsetDateTime("created_at"));
    }
}
