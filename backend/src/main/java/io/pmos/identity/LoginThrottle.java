package io.pmos.identity;

import io.pmos.config.PmosConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Brute-force protection for sign-in, kept in PostgreSQL so a restart forgets nothing: after N failures for
 * one email from one address within the window, further attempts wait until the oldest failure leaves it.
 */
@ApplicationScoped
public class LoginThrottle {

    private final Pool pool;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(Pool pool, PmosConfig config) {
        this.pool = pool;
        this.maxFailures = config.auth().loginMaxFailures();
        this.window = config.auth().loginFailureWindow();
    }

    /** Seconds to wait before another attempt, or 0 when one is allowed now. */
    public Uni<Long> retryAfterSeconds(String email, String ip) {
        return pool.preparedQuery("""
                        SELECT count(*) AS failures, min(at) AS oldest FROM (
                          SELECT at FROM login_attempts
                          WHERE email = $1 AND ip = $2 AND at > now() - make_interval(secs => $3)
                          ORDER BY at DESC LIMIT $4) recent""")
                .execute(Tuple.of(email, ip, (double) window.toSeconds(), maxFailures))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("failures") < maxFailures) {
                        return 0L;
                    }
                    OffsetDateTime oldest = r.getOffsetDateTime("oldest");
                    long wait = Duration.between(Instant.now(), oldest.toInstant().plus(window)).toSeconds();
                    return Math.max(1L, wait + 1);
                });
    }

    public Uni<Void> recordFailure(String email, String ip) {
        return pool.preparedQuery("INSERT INTO login_attempts (email, ip) VALUES ($1, $2)")
                .execute(Tuple.of(email, ip))
                .replaceWithVoid();
    }

    public Uni<Void> clear(String email, String ip) {
        return pool.preparedQuery("DELETE FROM login_attempts WHERE email = $1 AND ip = $2")
                .execute(Tuple.of(email, ip))
                .replaceWithVoid();
    }

    /** Drops rows that no longer count; called by the scheduled clean-up. */
    public Uni<Void> prune() {
        return pool.preparedQuery("DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds()))
                .replaceWithVoid();
    }
}
