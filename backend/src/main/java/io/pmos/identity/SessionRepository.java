package io.pmos.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Session rows. Writes go through Hibernate inside the service's transactions; the per-request lookup
 * uses the plain reactive client because it runs in the security layer, before any endpoint.
 */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    private final Pool pool;

    public SessionRepository(Pool pool) {
        this.pool = pool;
    }

    /** The live session for a token hash with its user and role, or null. */
    public Uni<ActiveSession> findActive(String tokenHash) {
        return pool.preparedQuery("""
                        SELECT s.id, s.user_id, s.workspace_id, s.last_seen_at, u.email, m.role
                        FROM sessions s
                        JOIN users u ON u.id = s.user_id
                        JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = s.workspace_id
                        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()""")
                .execute(Tuple.of(tokenHash))
                .map(SessionRepository::first);
    }

    /** Pushes the end of a session ahead (sliding expiry). */
    public Uni<Void> extend(UUID sessionId, Duration ttl) {
        return pool.preparedQuery("""
                        UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2)
                        WHERE id = $1 AND revoked_at IS NULL""")
                .execute(Tuple.of(sessionId, (double) ttl.toSeconds()))
                .replaceWithVoid();
    }

    public Uni<Integer> revoke(UUID sessionId) {
        return update("revokedAt = ?1 where id = ?2 and revokedAt is null", Instant.now(), sessionId);
    }

    /** Revokes every session of a user except one (null = all). */
    public Uni<Integer> revokeAllOf(UUID userId, UUID except) {
        if (except == null) {
            return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", Instant.now(), userId);
        }
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null and id <> ?3", Instant.now(), userId,
                except);
    }

    private static ActiveSession first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new ActiveSession(r.getUUID("id"), r.getUUID("user_id"), r.getUUID("workspace_id"),
                r.getString("email"), r.getString("role"), r.getOffsetDateTime("last_seen_at").toInstant());
    }

    /** What the security layer needs to know about a live session. */
    public record ActiveSession(UUID id, UUID userId, UUID workspaceId, String email, String role, Instant lastSeenAt) {
    }
}
