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
public class EventLog implements LiveEvents {

    /** Announcements {@code "<topic> <seq>"} of every event: what every release of PMOS listens to. */
    public static final String CHANNEL = "pmos_events";
    /**
     * The same announcement with the event itself, {@code "<topic> <seq> <type> <data JSON>"}, sent just before it when
     * it fits in a NOTIFY: a hub then needs no read of the log. Added beside {@link #CHANNEL}, so that an instance of
     * the previous release (listening to that channel only) still gets every event during a rolling upgrade.
     */
    public static final String DATA_CHANNEL = "pmos_event_data";
    /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
    static final int MAX_NOTIFY_BYTES = 7999;

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
                .call(seq -> {
                    String withData = withData(topic, seq, type, data);
                    // data first: a hub that applied it ignores the plain announcement that follows
                    return withData == null
                            ? tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, topic + " " + seq))
                            : tx.preparedQuery("SELECT pg_notify($1, $2), pg_notify($3, $4)")
                                    .execute(Tuple.of(DATA_CHANNEL, withData, CHANNEL, topic + " " + seq));
                })
                .invoke(seq -> metrics.eventPublished(topic));
    }

    /** The announcement with the event in it, or null when it does not fit in a NOTIFY. */
    static String withData(String topic, long seq, String type, JsonObject data) {
        if (topic.indexOf(' ') >= 0 || type.indexOf(' ') >= 0) {
            return null;
        }
        String text = topic + " " + seq + " " + type + " " + (data == null ? "null" : data.encode());
        if (text.length() > MAX_NOTIFY_BYTES) {
            return null;
        }
        boolean fits = text.length() * 3 <= MAX_NOTIFY_BYTES
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NOTIFY_BYTES;
        return fits ? text : null;
    }

    /** Reads an announcement with data; null when it is not one. */
    static LiveEvent parseWithData(String payload) {
        int a = payload.indexOf(' ');
        int b = a < 0 ? -1 : payload.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : payload.indexOf(' ', b + 1);
        if (c < 0) {
            return null;
        }
        try {
            String json = payload.substring(c + 1);
            return new LiveEvent(payload.substring(0, a), Long.parseLong(payload.substring(a + 1, b)),
                    payload.substring(b + 1, c), "null".equals(json) ? null : new JsonObject(json));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The topic's last event number (0 when it has none). */
    @Override
    public Uni<Long> currentSeq(String topic) {
        return pool.preparedQuery("SELECT seq FROM event_topics WHERE topic = $1").execute(Tuple.of(topic))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("seq"));
    }

    /** Events of a topic after a number, in order, at most {@code limit}. */
    @Override
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
