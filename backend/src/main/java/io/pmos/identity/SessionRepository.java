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
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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

    private final AtomicLong lookups = new AtomicLong();

    /** The live session for a token hash with its user, workspace and role (all that /auth/me shows), or null. */
    public Uni<ActiveSession> findActive(String tokenHash) {
        lookups.incrementAndGet();
        return pool.preparedQuery("""
                        SELECT s.id, s.user_id, s.workspace_id, s.last_seen_at, s.expires_at, m.role, u.email, u.name,
                               u.created_at, u.updated_at, u.last_login_at, w.name AS workspace_name
                        FROM sessions s
                        JOIN users u ON u.id = s.user_id
                        JOIN workspaces w ON w.id = s.workspace_id
                        JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = s.workspace_id
                        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()""")
                .execute(Tuple.of(tokenHash))
                .map(SessionRepository::first);
    }

    /** Session look-ups sent to the database so far: a hook for tests (the {@link SessionCache} spares most of them). */
    public long lookups() {
        return lookups.get();
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

    /**
     * For open sockets: whether each session is still live, and the role its user now holds in the socket's workspace
     * (null when no longer a member). One query for any number of sockets.
     */
    public Uni<Map<UUID, SocketAccess>> socketAccess(List<SocketKey> keys) {
        UUID[] sessionIds = keys.stream().map(SocketKey::sessionId).toArray(UUID[]::new);
        UUID[] userIds = keys.stream().map(SocketKey::userId).toArray(UUID[]::new);
        UUID[] workspaceIds = keys.stream().map(SocketKey::workspaceId).toArray(UUID[]::new);
        return pool.preparedQuery("""
                        SELECT c.sid, (s.revoked_at IS NULL AND s.expires_at > now()) AS live, s.expires_at, m.role
                        FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS c(sid, uid, wid)
                        LEFT JOIN sessions s ON s.id = c.sid AND s.user_id = c.uid
                        LEFT JOIN memberships m ON m.user_id = c.uid AND m.workspace_id = c.wid""")
                .execute(Tuple.of(sessionIds, userIds, workspaceIds))
                .map(rows -> {
                    Map<UUID, SocketAccess> out = new HashMap<>();
                    for (Row r : rows) {
                        OffsetDateTime expires = r.getOffsetDateTime("expires_at");
                        out.put(r.getUUID("sid"), new SocketAccess(Boolean.TRUE.equals(r.getBoolean("live")),
                                r.getString("role"), expires == null ? null : expires.toInstant()));
                    }
                    return out;
                });
    }

    private static ActiveSession first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        OffsetDateTime lastLogin = r.getOffsetDateTime("last_login_at");
        UserView view = new UserView(r.getUUID("user_id"), r.getString("name"), r.getString("email"),
                r.getString("role"), r.getUUID("workspace_id"), r.getString("workspace_name"),
                r.getOffsetDateTime("created_at").toInstant().toEpochMilli(),
                r.getOffsetDateTime("updated_at").toInstant().toEpochMilli(),
                lastLogin == null ? null : lastLogin.toInstant().toEpochMilli());
        return new ActiveSession(r.getUUID("id"), r.getString("role"), r.getOffsetDateTime("last_seen_at").toInstant(),
                r.getOffsetDateTime("expires_at").toInstant(), view);
    }

    /** Which session, user and workspace an open socket was opened with. */
    public record SocketKey(UUID sessionId, UUID userId, UUID workspaceId) {
    }

    /** What a socket may still do: its session is live, the user's current role (null = removed), and until when. */
    public record SocketAccess(boolean live, String role, Instant expiresAt) {
    }

    /** What the security layer needs to know about a live session, and the user as /auth/me shows them. */
    public record ActiveSession(UUID id, String role, Instant lastSeenAt, Instant expiresAt, UserView user) {

        public UUID userId() {
            return user.id();
        }

        public UUID workspaceId() {
            return user.workspaceId();
        }

        public String email() {
            return user.email();
        }

        /** The same session after its expiry was pushed ahead. */
        ActiveSession extended(Instant seen, Instant expires) {
            return new ActiveSession(id, role, seen, expires, user);
        }
    }
}
