package io.pmos.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit rows through the plain reactive client, so a record is written even when the request's own work failed. */
@ApplicationScoped
public class AuditRepository {

    private final Pool pool;
    private final ObjectMapper json;

    public AuditRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Void> insert(AuditEntry e) {
        // A JsonObject, not a String: the client would store a String as one JSON string value.
        JsonObject detail = new JsonObject(json.convertValue(e.detail(), Map.class));
        return pool.preparedQuery("""
                        INSERT INTO audit_events (action, outcome, actor_id, actor_email, workspace_id, ip, user_agent, detail)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[]{e.action(), e.outcome(), e.actorId(), e.actorEmail(),
                        e.workspaceId(), e.ip(), e.userAgent(), detail}))
                .replaceWithVoid();
    }

    /** Newest first; workspace null = every workspace (super_admin); before = id to continue below. */
    public Uni<List<AuditView>> page(UUID workspace, Long before, int limit) {
        return pool.preparedQuery("""
                        SELECT id, at, action, outcome, actor_id, actor_email, workspace_id, ip, user_agent, detail::text AS detail
                        FROM audit_events
                        WHERE ($1::uuid IS NULL OR workspace_id = $1) AND ($2::bigint IS NULL OR id < $2)
                        ORDER BY id DESC LIMIT $3""")
                .execute(Tuple.of(workspace, before, limit))
                .map(rows -> {
                    List<AuditView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(toView(r));
                    }
                    return out;
                });
    }

    private AuditView toView(Row r) {
        Object detail;
        try {
            detail = json.readTree(r.getString("detail"));
        } catch (JsonProcessingException ex) {
            detail = null;
        }
        return new AuditView(r.getLong("id"),
                r.getOffsetDateTime("at").toInstant().toEpochMilli(),
                r.getString("action"), r.getString("outcome"), r.getUUID("actor_id"), r.getString("actor_email"),
                r.getUUID("workspace_id"), r.getString("ip"), r.getString("user_agent"), detail);
    }

}
