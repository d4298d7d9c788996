package io.pmos.identity;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Hourly clean-up of rows that no longer mean anything: old sign-in failures and long-dead sessions. */
@ApplicationScoped
public class Housekeeping {

    private final LoginThrottle throttle;
    private final Pool pool;

    public Housekeeping(LoginThrottle throttle, Pool pool) {
        this.throttle = throttle;
        this.pool = pool;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> clean() {
        return throttle.prune().flatMap(v -> pool.query(
                        "DELETE FROM sessions WHERE expires_at < now() - interval '7 days' "
                                + "OR revoked_at < now() - interval '7 days'").execute())
                .replaceWithVoid();
    }
}
