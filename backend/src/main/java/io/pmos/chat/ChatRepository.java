package io.pmos.chat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Conversations, messages and runs (the run keeps its model transcript as JSON); every query names the workspace. */
@ApplicationScoped
public class ChatRepository {

    private final Pool pool;

    public ChatRepository(Pool pool) {
        this.pool = pool;
    }

    public record Conversation(UUID id, UUID workspaceId, UUID userId, String title, OffsetDateTime createdAt,
                               OffsetDateTime updatedAt) {
    }

    public record Message(UUID id, UUID runId, String role, String content, OffsetDateTime createdAt) {
    }

    public record Run(UUID id, UUID workspaceId, UUID conversationId, UUID userId, String status, String provider,
                      String model, JsonArray transcript, int steps, int inputTokens, int outputTokens, String error,
                      OffsetDateTime startedAt) {
    }

    public Uni<Conversation> createConversation(UUID workspace, UUID user, String title) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("INSERT INTO conversations (id, workspace_id, user_id, title) VALUES ($1, $2, $3, $4) RETURNING *")
                .execute(Tuple.of(id, workspace, user, title)).map(rows -> conversation(rows.iterator().next()));
    }

    public Uni<List<Conversation>> conversations(UUID workspace, UUID user) {
        return pool.preparedQuery("SELECT * FROM conversations WHERE workspace_id = $1 AND user_id = $2 ORDER BY updated_at DESC LIMIT 200")
                .execute(Tuple.of(workspace, user)).map(rows -> {
                    List<Conversation> out = new ArrayList<>();
                    rows.forEach(r -> out.add(conversation(r)));
                    return out;
                });
    }

    public Uni<Conversation> conversation(UUID workspace, UUID id) {
        return pool.preparedQuery("SELECT * FROM conversations WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspace, id)).map(rows -> rows.size() == 0 ? null : conversation(rows.iterator().next()));
    }

    public Uni<List<Message>> messages(UUID workspace, UUID conversation) {
        return pool.preparedQuery("SELECT * FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY created_at, id")
                .execute(Tuple.of(workspace, conversation)).map(rows -> {
                    List<Message> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Message(r.getUUID("id"), r.getUUID("run_id"), r.getString("role"),
                            r.getString("content"), r.getOffsetDateTime("created_at"))));
                    return out;
                });
    }

    public Uni<Void> addMessage(UUID workspace, UUID conversation, UUID runId, String role, String content) {
        return pool.preparedQuery("""
                        WITH m AS (INSERT INTO chat_messages (id, workspace_id, conversation_id, run_id, role, content)
                                   VALUES ($1, $2, $3, $4, $5, $6))
                        UPDATE conversations SET updated_at = now() WHERE id = $3 AND workspace_id = $2""")
                .execute(Tuple.from(new Object[]{UUID.randomUUID(), workspace, conversation, runId, role, content}))
                .replaceWithVoid();
    }

    /**
     * Inserts a run, leased to this instance; the unique index refuses a second active run of one conversation (→ null).
     */
    public Uni<Run> startRun(UUID workspace, UUID conversation, UUID user, String provider, String model, JsonArray transcript,
                             String owner, Duration lease) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("""
                        INSERT INTO chat_runs (id, workspace_id, conversation_id, user_id, status, provider, model, transcript,
                                               lease_owner, lease_expires_at)
                        VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, now() + make_interval(secs => $9))
                        ON CONFLICT (conversation_id) WHERE status IN ('running', 'waiting_approval') DO NOTHING RETURNING *""")
                .execute(Tuple.from(new Object[]{id, workspace, conversation, user, provider, model, transcript, owner,
                        seconds(lease)}))
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    /** A run that another instance's lease no longer protects, as this instance ended it. */
    public record Abandoned(Run run, String previousOwner) {
    }

    /** Extends this instance's leases on the runs it works on; answers the ids it still holds (working, its own). */
    public Uni<Set<UUID>> renewLeases(String owner, Collection<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("""
                        UPDATE chat_runs SET lease_expires_at = now() + make_interval(secs => $3)
                        WHERE id = ANY($2) AND lease_owner = $1 AND status = 'running' RETURNING id""")
                .execute(Tuple.of(owner, ids.toArray(UUID[]::new), seconds(lease)))
                .map(rows -> {
                    Set<UUID> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    /**
     * Claims and ends, in one statement, the working runs whose lease expired (their instance died or hung), and those
     * without a lease (written by a release before leases) once they are older than a run may work: SKIP LOCKED and the
     * status condition make sure each run is ended by exactly one instance, however many sweep at once.
     */
    public Uni<List<Abandoned>> endAbandoned(String owner, Duration unleasedAfter, String error) {
        return pool.preparedQuery("""
                        UPDATE chat_runs r SET status = 'failed', error = $2, finished_at = now(), updated_at = now(),
                                               lease_owner = $1, lease_expires_at = NULL
                        FROM (SELECT id, lease_owner AS previous FROM chat_runs
                              WHERE status = 'running' AND (lease_expires_at < now()
                                    OR lease_expires_at IS NULL AND started_at < now() - make_interval(secs => $3))
                              ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) c
                        WHERE r.id = c.id AND r.status = 'running' RETURNING r.*, c.previous""")
                .execute(Tuple.of(owner, error, seconds(unleasedAfter)))
                .map(rows -> {
                    List<Abandoned> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Abandoned(run(r), r.getString("previous"))));
                    return out;
                });
    }

    /**
     * Takes a run whose approval was decided out of its wait, leased to this instance (null when it is not waiting, an
     * approval of it is still pending, or — unless {@code anyOwner} — another instance owns it). Conditional, so only
     * one instance resumes it.
     */
    public Uni<Run> claimResume(UUID id, String owner, boolean anyOwner, Duration lease) {
        return pool.preparedQuery("""
                        UPDATE chat_runs SET status = 'running', lease_owner = $2,
                               lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
                        WHERE id = $1 AND status = 'waiting_approval' AND ($4 OR lease_owner = $2)
                          AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = $1 AND a.status = 'pending')
                        RETURNING *""")
                .execute(Tuple.of(id, owner, seconds(lease), anyOwner))
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    /** Waiting runs whose approvals were all decided longer ago than {@code quiet}, yet nobody resumed them. */
    public Uni<List<UUID>> decidedButWaiting(Duration quiet) {
        return pool.preparedQuery("""
                        SELECT r.id FROM chat_runs r WHERE r.status = 'waiting_approval'
                          AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = r.id AND a.status = 'pending')
                          AND (SELECT max(a.decided_at) FROM approvals a WHERE a.run_id = r.id) < now() - make_interval(secs => $1)
                        LIMIT 100""")
                .execute(Tuple.of(seconds(quiet)))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    public Uni<Run> run(UUID workspace, UUID id) {
        return pool.preparedQuery("SELECT * FROM chat_runs WHERE workspace_id = $1 AND id = $2").execute(Tuple.of(workspace, id))
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    public Uni<Run> runById(UUID id) {
        return pool.preparedQuery("SELECT * FROM chat_runs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    public Uni<Void> save(UUID id, String status, JsonArray transcript, int steps, int inputTokens, int outputTokens) {
        return pool.preparedQuery("""
                        UPDATE chat_runs SET status = $2, transcript = $3, steps = $4, input_tokens = $5, output_tokens = $6,
                          updated_at = now() WHERE id = $1 AND status IN ('running', 'waiting_approval')""")
                .execute(Tuple.of(id, status, transcript, steps, inputTokens, outputTokens)).replaceWithVoid();
    }

    /** Ends a run once: answers false when it had already ended (e.g. cancelled meanwhile). */
    public Uni<Boolean> finish(UUID id, String status, String error) {
        return pool.preparedQuery("""
                        UPDATE chat_runs SET status = $2, error = $3, finished_at = now(), updated_at = now()
                        WHERE id = $1 AND status IN ('running', 'waiting_approval') RETURNING id""")
                .execute(Tuple.of(id, status, error)).map(rows -> rows.size() > 0);
    }

    public Uni<String> status(UUID id) {
        return pool.preparedQuery("SELECT status FROM chat_runs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
    }

    /** A caller for work done on a user's behalf outside a request (resumed runs), with the user's current role. */
    public Uni<io.pmos.identity.Caller> callerFor(UUID workspace, UUID user) {
        return pool.preparedQuery("SELECT u.email, m.role FROM users u JOIN memberships m ON m.user_id = u.id "
                        + "WHERE u.id = $1 AND m.workspace_id = $2")
                .execute(Tuple.of(user, workspace))
                .map(rows -> rows.size() == 0 ? null : new io.pmos.identity.Caller(user, rows.iterator().next().getString("email"),
                        workspace, rows.iterator().next().getString("role"), null, null, "pmos-agent"));
    }

    private static Conversation conversation(Row r) {
        return new Conversation(r.getUUID("id"), r.getUUID("workspace_id"), r.getUUID("user_id"), r.getString("title"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }

    private static Run run(Row r) {
        Object t = r.getValue("transcript");
        return new Run(r.getUUID("id"), r.getUUID("workspace_id"), r.getUUID("conversation_id"), r.getUUID("user_id"),
                r.getString("status"), r.getString("provider"), r.getString("model"),
                t instanceof JsonArray a ? a : new JsonArray(), r.getInteger("steps"), r.getInteger("input_tokens"),
                r.getInteger("output_tokens"), r.getString("error"), r.getOffsetDateTime("started_at"));
    }

    static JsonObject toJson(Object record) {
        return JsonObject.mapFrom(record);
    }
}
