package io.pmos.metrics;

import io.pmos.health.DatabaseFailures;
import io.pmos.health.DependencyStates;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Gauges of work that waits in the database (pending approvals, active chat runs, and the age of the oldest of each),
 * read by one cheap query every pmos.metrics.sample-every and kept here, so a scrape never touches the database.
 * Every instance reports the same database-wide numbers: dashboards and alerts take max() over instances.
 */
@ApplicationScoped
public class BacklogSampler {

    private static final Logger LOG = Logger.getLogger(BacklogSampler.class);
    private static final String SAMPLE = """
            SELECT
              (SELECT count(*) FROM approvals WHERE status = 'pending') AS approvals_pending,
              (SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0) FROM approvals WHERE status = 'pending')
                AS approvals_oldest,
              (SELECT count(*) FROM chat_runs WHERE status = 'running') AS runs_running,
              (SELECT count(*) FROM chat_runs WHERE status = 'waiting_approval') AS runs_waiting,
              (SELECT COALESCE(extract(epoch FROM now() - min(started_at)), 0) FROM chat_runs WHERE status = 'running')
                AS runs_oldest""";

    private final Pool pool;
    private final DependencyStates dependencies;
    private volatile double approvalsPending;
    private volatile double approvalsOldestSeconds;
    private volatile double runsRunning;
    private volatile double runsWaiting;
    private volatile double runsOldestSeconds;
    /** When the last sample succeeded (epoch seconds); 0 until the first one. */
    private volatile double sampledAt;

    public BacklogSampler(Pool pool, PmosMetrics metrics, DependencyStates dependencies) {
        this.pool = pool;
        this.dependencies = dependencies;
        metrics.gauge("pmos.approvals.pending", "Approval requests waiting for a decision", () -> approvalsPending);
        metrics.gauge("pmos.approvals.oldest.pending.age.seconds", "Age of the oldest pending approval request (0 when none)",
                () -> approvalsOldestSeconds);
        metrics.gauge("pmos.chat.runs.running", "Chat runs working now (all instances)", () -> runsRunning);
        metrics.gauge("pmos.chat.runs.waiting.approval", "Chat runs waiting for an approval", () -> runsWaiting);
        metrics.gauge("pmos.chat.run.oldest.running.age.seconds", "Age of the oldest chat run still working (0 when none)",
                () -> runsOldestSeconds);
        metrics.gauge("pmos.backlog.sampled.timestamp.seconds", "When these backlog gauges were last read from the database",
                () -> sampledAt);
    }

    @Scheduled(every = "${pmos.metrics.sample-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return pool.query(SAMPLE).execute().invoke(rows -> {
            Row r = rows.iterator().next();
            approvalsPending = r.getLong("approvals_pending");
            approvalsOldestSeconds = number(r, "approvals_oldest");
            runsRunning = r.getLong("runs_running");
            runsWaiting = r.getLong("runs_waiting");
            runsOldestSeconds = number(r, "runs_oldest");
            sampledAt = System.currentTimeMillis() / 1000.0;
            // the sampler runs every few seconds on every instance: it tells a database outage, and its end, without traffic
            dependencies.databaseUp();
        }).replaceWithVoid().onFailure().recoverWithUni(e -> {
            String code = DatabaseFailures.code(e);
            if (code != null) {
                dependencies.databaseDown(code);
            } else {
                LOG.warnf(e, "Could not sample the backlog gauges");
            }
            return Uni.createFrom().voidItem();
        });
    }

    private static double number(Row r, String column) {
        Object v = r.getValue(column);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
