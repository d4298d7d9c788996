package io.pmos.flows;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Idempotency keys of flow creates (queries only): one attempt at a time holds a key, and a key remembers the flow
 * it made, so that a retry after an unknown outcome never creates a second flow.
 */
@ApplicationScoped
public class FlowCreateKeys {

    /** What a create request with a key may do. */
    public enum Kind {
        /** Nobody used the key before: create. */
        FRESH,
        /** An earlier attempt ended without a known outcome: look for its flow before creating. */
        RETRY,
        /** The key already made a flow ({@link Claim#flowId()}). */
        DONE,
        /** Another attempt with the key is still running. */
        BUSY,
        /** The key was used for a flow with another name. */
        OTHER_NAME
    }

    /** The answer of {@link #claim}: what to do, and for DONE the flow the key made. */
    public record Claim(Kind kind, String flowId) {
        static Claim of(Kind kind) {
            return new Claim(kind, null);
        }
    }

    private final Pool pool;

    public FlowCreateKeys(Pool pool) {
        this.pool = pool;
    }

    /** Takes the key for one attempt of at most {@code hold}, or says why not. */
    public Uni<Claim> claim(UUID workspaceId, String key, String displayName, Duration hold) {
        return pool.preparedQuery("""
                        INSERT INTO flow_create_requests (workspace_id, idempotency_key, display_name, attempt_until)
                        VALUES ($1, $2, $3, now() + make_interval(secs => $4))
                        ON CONFLICT (workspace_id, idempotency_key) DO UPDATE SET attempt_until = EXCLUDED.attempt_until
                        WHERE flow_create_requests.flow_id IS NULL
                          AND flow_create_requests.display_name = EXCLUDED.display_name
                          AND (flow_create_requests.attempt_until IS NULL OR flow_create_requests.attempt_until < now())
                        RETURNING (xmax = 0) AS fresh""")
                .execute(Tuple.of(workspaceId, key, displayName, hold.toMillis() / 1000.0))
                .flatMap(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(rows.iterator().next().getBoolean("fresh") ? Claim.of(Kind.FRESH) : Claim.of(Kind.RETRY));
                    }
                    return pool.preparedQuery("""
                                    SELECT flow_id, display_name = $3 AS same_name FROM flow_create_requests
                                    WHERE workspace_id = $1 AND idempotency_key = $2""")
                            .execute(Tuple.of(workspaceId, key, displayName))
                            .map(found -> {
                                if (found.size() == 0) {
                                    return Claim.of(Kind.BUSY); // deleted in between: the caller may simply try again
                                }
                                Row r = found.iterator().next();
                                if (!r.getBoolean("same_name")) {
                                    return Claim.of(Kind.OTHER_NAME);
                                }
                                return r.getString("flow_id") != null ? new Claim(Kind.DONE, r.getString("flow_id")) : Claim.of(Kind.BUSY);
                            });
                });
    }

    /** The attempt made this flow: later requests with the key get it back. */
    public Uni<Void> done(UUID workspaceId, String key, String flowId) {
        return pool.preparedQuery("UPDATE flow_create_requests SET flow_id = $3, attempt_until = NULL "
                        + "WHERE workspace_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(workspaceId, key, flowId)).replaceWithVoid();
    }

    /** The attempt ended without a flow PMOS knows of: the next request with the key looks for one first. */
    public Uni<Void> release(UUID workspaceId, String key) {
        return pool.preparedQuery("UPDATE flow_create_requests SET attempt_until = NULL "
                        + "WHERE workspace_id = $1 AND idempotency_key = $2 AND flow_id IS NULL")
                .execute(Tuple.of(workspaceId, key)).replaceWithVoid();
    }

    /** Hourly: a key is kept a week, far longer than anyone retries a create. */
    @Scheduled(every = "1h", delayed = "7m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        return pool.query("DELETE FROM flow_create_requests WHERE created_at < now() - interval '7 days'")
                .execute().replaceWithVoid();
    }
}
