package io.pmos.flows;

import io.pmos.live.EventLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The version carried by every event on a flow's topic, and the guard that keeps it from going backwards: answers
 * of parallel operations arrive in any order, so a copy is published only when it is newer than the last one
 * published — decided under the flow's row lock in the transaction that appends the event, on every instance.
 */
@ApplicationScoped
public class FlowVersions {

    private final Pool pool;
    private final EventLog events;

    public FlowVersions(Pool pool, EventLog events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * A copy's version: when Flow Pieces last changed it (the later of the flow's and its version's {@code updated},
     * in epoch milliseconds). Flow Pieces stamps every change, so a later change has a larger version.
     */
    public static long of(JsonObject flow) {
        JsonObject v = flow.getValue("version") instanceof JsonObject o ? o : new JsonObject();
        return Math.max(millis(flow.getValue("updated")), millis(v.getValue("updated")));
    }

    private static long millis(Object iso) {
        try {
            return iso instanceof String s ? Instant.parse(s).toEpochMilli() : 0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /**
     * Publishes {@code data} (with the copy's {@code version} added) on the flow's topic when the copy is newer than
     * the last one published (a copy without readable timestamps, version 0, when it differs: the old rule); answers the event's number, or null when the copy was stale (or, unless
     * {@code announceFirst}, the flow's first sighting, which nobody can hold an older copy of).
     */
    public Uni<Long> publishIfNewer(UUID workspaceId, JsonObject flow, String type, JsonObject data, boolean announceFirst) {
        String flowId = flow.getString("id");
        long version = of(flow);
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO flow_watch (workspace_id, flow_id, state, version) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (workspace_id, flow_id) DO UPDATE
                          SET state = EXCLUDED.state, version = EXCLUDED.version, checked_at = now()
                          WHERE flow_watch.version < EXCLUDED.version
                             OR (EXCLUDED.version = 0 AND flow_watch.state IS DISTINCT FROM EXCLUDED.state)
                        RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.of(workspaceId, flowId, state(flow), version))
                .flatMap(rows -> {
                    boolean newer = rows.size() > 0;
                    if (!newer || (!announceFirst && rows.iterator().next().getBoolean("inserted"))) {
                        return Uni.createFrom().nullItem();
                    }
                    return events.append(tx, workspaceId, FlowService.topic(flowId), type, data.copy().put("version", version));
                }));
    }

    /** Publishes the end of a flow with a version after every copy published before. */
    public Uni<Long> publishDeleted(UUID workspaceId, JsonObject lastCopy, String type, JsonObject data) {
        String flowId = lastCopy.getString("id");
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO flow_watch (workspace_id, flow_id, state, version) VALUES ($1, $2, 'deleted', $3)
                        ON CONFLICT (workspace_id, flow_id) DO UPDATE
                          SET state = 'deleted', version = GREATEST(flow_watch.version + 1, EXCLUDED.version), checked_at = now()
                        RETURNING version""")
                .execute(Tuple.of(workspaceId, flowId, of(lastCopy) + 1))
                .flatMap(rows -> events.append(tx, workspaceId, FlowService.topic(flowId), type,
                        data.copy().put("version", rows.iterator().next().getLong("version")))));
    }

    /** What a change outside PMOS would alter: compared by the periodic refresh. */
    static String state(JsonObject flow) {
        JsonObject v = flow.getJsonObject("version", new JsonObject());
        return flow.getString("updated") + "|" + v.getString("id") + "|" + v.getString("updated") + "|"
                + flow.getString("status") + "|" + flow.getString("publishedVersionId");
    }
}
