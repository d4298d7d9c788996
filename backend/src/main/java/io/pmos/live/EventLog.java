package io.pmos.live;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The publish seam of live updates, backed by PostgreSQL: an event row with the topic's next number, and a
 * NOTIFY on commit that every PMOS instance LISTENs to — so a second instance behind a load balancer delivers
 * the same events in the same order.
 */
@ApplicationScoped
public class EventLog {

    public static final String CHANNEL = "pmos_events";

    private final Pool pool;
    private final io.pmos.metrics.PmosMetrics metrics;

    public EventLog(Pool pool, io.pmos.metrics.PmosMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    /** Appends an event and announces it; answers the event's number within its topic. */
    public Uni<Long> publish(UUID workspaceId, String topic, String type, JsonObject data) {
        return pool.withTransaction(tx -> append(tx, workspaceId, topic, type, data));
    }

    /**
     * Appends an event inside the caller's transaction (announced when it commits): a caller that first locks its
     * own row in the same transaction publishes in the order of that lock (flow versions, io.pmos.flows).
     */
    public Uni<Long> append(SqlConnection tx, UUID workspaceId, String topic, String type, JsonObject data) {
        return tx.preparedQuery("""
                                WITH t AS (
                                  INSERT INTO event_topics (topic, workspace_id, seq) VALUES ($1, $2, 1)
                                  ON CONFLICT (topic) DO UPDATE SET seq = event_topics.seq + 1
                                  RETURNING seq)
                                INSERT INTO events (workspace_id, topic, seq, type, payload)
                                SELECT $2, $1, t.seq, $3, $4 FROM t RETURNING seq""")
                .execute(Tuple.of(topic, workspaceId, type, data))
                .map(rows -> rows.iterator().next().getLong("seq"))
                .call(seq -> tx.preparedQuery("SELECT pg_notify($1, $2)")
                        .execute(Tuple.of(CHANNEL, topic + " " + seq)))
                .invoke(seq -> metrics.eventPublished(topic));
    }

    /** The topic's last event number (0 when it has none). */
    public Uni<Long> currentSeq(String topic) {
        return pool.preparedQuery("SELECT seq FROM event_topics WHERE topic = $1").execute(Tuple.of(topic))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("seq"));
    }

    /** Events of a topic after a number, in order, at most {@code limit}. */
    public Uni<List<LiveEvent>> after(String topic, long afterSeq, int limit) {
        return pool.preparedQuery("""
                        SELECT topic, seq, type, payload FROM events WHERE topic = $1 AND seq > $2 ORDER BY seq LIMIT $3""")
                .execute(Tuple.of(topic, afterSeq, limit))
                .map(rows -> {
                    List<LiveEvent> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new LiveEvent(r.getString("topic"), r.getLong("seq"), r.getString("type"),
                                (JsonObject) r.getValue("payload")));
                    }
                    return out;
                });
    }

    /** Hourly: drops events nobody can still need; a client resuming from before them gets a snapshot instead. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        // Flow topics, access changes and messages between instances only: a chat run's events are its trace, kept with the conversation.
        // Deleting is idempotent, so several instances pruning at once do no harm.
        return pool.query("DELETE FROM events WHERE (topic LIKE 'flow:%' OR topic LIKE 'access:%' OR topic LIKE 'run-control:%') "
                        + "AND created_at < now() - interval '1 day'").execute()
                .replaceWithVoid();
    }
}
