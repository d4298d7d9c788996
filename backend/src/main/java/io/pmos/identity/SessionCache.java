package io.pmos.identity;

import io.pmos.config.PmosConfig;
import io.pmos.identity.SessionRepository.ActiveSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live sessions resolved in the last few seconds, so that a signed-in request (REST or a socket's upgrade) does not
 * read the database for its session. Security rests on three rules: a user's entries are dropped whenever that user's
 * access changes (on this instance before the change is answered, on the others when the seam's NOTIFY arrives, see
 * io.pmos.live.AccessChanges); no entry is used longer than {@code pmos.auth.session-cache-ttl}, which caps how
 * long a lost notification can leave a revoked session or an old role in use; and no entry outlives its session's
 * expiry. Unknown tokens are never cached: each is looked up.
 */
@ApplicationScoped
public class SessionCache {

    private final SessionRepository sessions;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> byToken = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a look-up that started before one must not store what it read. */
    private final AtomicLong generation = new AtomicLong();

    public SessionCache(SessionRepository sessions, PmosConfig config) {
        this.sessions = sessions;
        this.ttlNanos = config.auth().sessionCacheTtl().toNanos();
        this.maxEntries = config.auth().sessionCacheSize();
    }

    /** The live session of a token hash, from memory while fresh, else from the database; null when there is none. */
    public Uni<ActiveSession> active(String tokenHash) {
        Entry entry = byToken.get(tokenHash);
        long now = System.nanoTime();
        if (entry != null) {
            if (now - entry.loadedNanos < ttlNanos && entry.session.expiresAt().isAfter(Instant.now())) {
                return Uni.createFrom().item(entry.session);
            }
            byToken.remove(tokenHash, entry);
        }
        long before = generation.get();
        return sessions.findActive(tokenHash).invoke(session -> {
            if (session != null && ttlNanos > 0) {
                remember(tokenHash, new Entry(session, now), before);
            }
        });
    }

    /**
     * The session's expiry was pushed ahead (sliding expiry): the cached copy says so, so that the next requests do not
     * write it again. Called before the write, so that concurrent requests do not all write it.
     */
    void extended(String tokenHash, ActiveSession session, Instant seen, Instant expires) {
        byToken.computeIfPresent(tokenHash, (t, e) -> e.session.id().equals(session.id())
                ? new Entry(e.session.extended(seen, expires), e.loadedNanos) : e);
    }

    /** A user's access changed (signed out, sessions revoked, password changed or reset, new role, removed). */
    public void forgetUser(UUID userId) {
        generation.incrementAndGet();
        byToken.values().removeIf(e -> e.session.userId().equals(userId));
    }

    /** Announcements may have been missed (the LISTEN connection was lost): trust nothing held. */
    public void forgetAll() {
        generation.incrementAndGet();
        byToken.clear();
    }

    int size() {
        return byToken.size();
    }

    private void remember(String tokenHash, Entry entry, long before) {
        if (byToken.size() >= maxEntries) {
            long now = System.nanoTime();
            byToken.values().removeIf(e -> now - e.loadedNanos >= ttlNanos);
            if (byToken.size() >= maxEntries) {
                return;
            }
        }
        byToken.put(tokenHash, entry);
        // an invalidation ran while this was read from the database: what was read may be what it revoked
        if (generation.get() != before) {
            byToken.remove(tokenHash, entry);
        }
    }

    private record Entry(ActiveSession session, long loadedNanos) {
    }
}
