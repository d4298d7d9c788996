package io.pmos.health;

import io.quarkus.scheduler.FailedExecution;
import io.quarkus.scheduler.SuccessfulExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs failed scheduled jobs in place of the scheduler (whose own ERROR line with a stack trace, every run of every
 * job, is switched off in application.properties): a job failing because the database is unreachable reports the
 * outage to {@link DependencyStates} and writes one WARN without a stack trace, then nothing until it works again;
 * any other failure is a bug and keeps its stack trace.
 */
@ApplicationScoped
public class ScheduledJobFailures {

    private static final Logger LOG = Logger.getLogger(ScheduledJobFailures.class);

    private final DependencyStates dependencies;
    /** Jobs failing now for an expected reason, with that reason's code. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    public ScheduledJobFailures(DependencyStates dependencies) {
        this.dependencies = dependencies;
    }

    void onFailure(@Observes FailedExecution event) {
        String job = event.getExecution().getTrigger().getId();
        Throwable error = event.getException();
        String code = DatabaseFailures.code(error);
        if (code == null) {
            LOG.errorf(error, "Scheduled job %s failed", job);
            return;
        }
        dependencies.databaseDown(code);
        if (failing.put(job, code) == null) {
            LOG.warnf("Scheduled job %s failed: %s (the database is unreachable); it retries on its schedule and logs "
                    + "nothing more until it works again", job, code);
        }
    }

    void onSuccess(@Observes SuccessfulExecution event) {
        if (!failing.isEmpty()) {
            String job = event.getExecution().getTrigger().getId();
            String code = failing.remove(job);
            if (code != null) {
                LOG.debugf("Scheduled job %s works again (it failed with %s)", job, code);
            }
        }
    }
}
