package io.pmos.identity;

import io.pmos.config.PmosConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Brute-force protection for sign-in, kept in PostgreSQL so a restart forgets nothing and every instance shares it.
 * A password is only checked after a slot was reserved: the count and the reservation are decided together under a
 * per-address transaction lock, so a burst of concurrent requests gets no more checks than the limits allow.
 * Two limits over a sliding window: attempts for one email from one address, and failed attempts for any email
 * from one address (password spraying).
 */
@ApplicationScoped
public class LoginThrottle {

    /** Namespace of the per-address advisory lock (two-int form; apart from the sign-up lock's bigint key). */
    private static final int LOCK_CLASS = 0x504d4c31;

    /*
     * Counted for the email: every reservation not (yet) known to have succeeded, and also the succeeded ones while
     * such a row is on record, so a right password inside a burst still holds its slot. Counted for the address:
     * only reservations not known to have succeeded, so many people signing in behind one address never lock it.
     */
    private static final String RESERVE = """
            WITH recent AS (
              SELECT email, at, succeeded FROM login_attempts
              WHERE ip = $2 AND at > now() - make_interval(secs => $3)),
            failing AS (
              SELECT EXISTS (SELECT 1 FROM recent WHERE email = $1 AND NOT succeeded) AS yes),
            email_full AS (
              SELECT at FROM recent, failing WHERE email = $1 AND (NOT succeeded OR failing.yes)
              ORDER BY at DESC OFFSET $4 LIMIT 1),
            address_full AS (
              SELECT at FROM recent WHERE NOT succeeded ORDER BY at DESC OFFSET $5 LIMIT 1),
            blocked AS (
              SELECT GREATEST((SELECT at FROM email_full), (SELECT at FROM address_full)) AS since),
            reserved AS (
              INSERT INTO login_attempts (email, ip) SELECT $1, $2 FROM blocked WHERE since IS NULL RETURNING id)
            SELECT (SELECT id FROM reserved) AS id,
                   CAST(ceil(extract(epoch FROM since + make_interval(secs => $3) - clock_timestamp())) AS bigint) AS wait
            FROM blocked""";

    private final Pool pool;
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;

    public LoginThrottle(Pool pool, PmosConfig config) {
        this.pool = pool;
        this.maxFailures = Math.max(1, config.auth().loginMaxFailures());
        this.maxFailuresPerAddress = Math.max(1, config.auth().loginMaxFailuresPerAddress());
        this.window = config.auth().loginFailureWindow();
    }

    /** A granted attempt (the id of its reservation) or, when refused, the seconds to wait. */
    public record Slot(Long id, long retryAfterSeconds) {
        public boolean granted() {
            return id != null;
        }
    }

    /**
     * Reserves one password check for an email from an address, or refuses it. The reservation counts as a failure
     * until {@link #succeeded} says otherwise, so a check that is still running holds its slot.
     */
    public Uni<Slot> reserve(String email, String ip) {
        String address = addressKey(ip);
        return pool.withTransaction(tx -> tx
                .preparedQuery("SELECT CAST(pg_advisory_xact_lock($1, hashtext($2)) AS text)")
                .execute(Tuple.of(LOCK_CLASS, address))
                .flatMap(locked -> tx.preparedQuery(RESERVE).execute(Tuple.of(email, address,
                        (double) window.toSeconds(), maxFailures - 1, maxFailuresPerAddress - 1))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Long id = r.getLong("id");
                    return id != null ? new Slot(id, 0) : new Slot(null, Math.max(1L, r.getLong("wait")));
                });
    }

    /** The reserved check found the right password: it stops counting as a failure. */
    public Uni<Void> succeeded(long reservation) {
        return pool.preparedQuery("UPDATE login_attempts SET succeeded = true WHERE id = $1")
                .execute(Tuple.of(reservation))
                .replaceWithVoid();
    }

    /** Drops rows that no longer count; called by the scheduled clean-up. */
    public Uni<Void> prune() {
        return pool.preparedQuery("DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds()))
                .replaceWithVoid();
    }

    /**
     * The address the limits count by: an IPv4 address as it is, an IPv6 address by its /64 network (one subscriber
     * usually gets a whole /64, so counting single IPv6 addresses would let one client rotate through billions).
     */
    static String addressKey(String ip) {
        if (ip == null || ip.indexOf(':') < 0) {
            return ip == null ? "unknown" : ip;
        }
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException | SecurityException e) {
            return ip;
        }
    }
}
