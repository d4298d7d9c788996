package io.pmos.chat;

import io.pmos.common.ApiException;
import io.pmos.live.EventLog;
import io.pmos.live.LiveEvent;
import io.pmos.live.SeamHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Messages aimed at a run, for whichever instance works on it, through the event seam (topic {@code
 * run-control:<runId>}, PostgreSQL NOTIFY): "cancel" drops the run's model or tool call on the instance that has one
 * in flight; "resume" (an approval was decided) lets the run's owner take it out of its wait at once, or another
 * instance after a grace period when the owner does not (it died). The claim is a conditional update, so a run is
 * resumed once however many instances hear the message.
 */
@ApplicationScoped
public class RunControl implements SeamHandler {

    public static final String PREFIX = "run-control:";
    static final String CANCEL = "run.cancel";
    static final String RESUME = "run.resume";

    private static final Logger LOG = Logger.getLogger(RunControl.class);

    private final EventLog log;
    private final ChatRepository runs;
    private final AgentLoop loop;
    private final RunLeases leases;

    public RunControl(EventLog log, ChatRepository runs, AgentLoop loop, RunLeases leases) {
        this.log = log;
        this.runs = runs;
        this.loop = loop;
        this.leases = leases;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    /** Tells every instance that the run was cancelled (its status already says so): the one working on it stops. */
    public Uni<Void> cancel(UUID workspaceId, UUID runId) {
        return send(workspaceId, runId, CANCEL);
    }

    /** Tells every instance that the run's approval was decided: its owner resumes it. */
    public Uni<Void> resume(UUID workspaceId, UUID runId) {
        return send(workspaceId, runId, RESUME);
    }

    /**
     * Never fails the caller (the cancel or decision is committed): a lost cancel is still noticed by the owner when its
     * lease is next renewed, a lost resume by the sweep ({@link ChatLifecycle}), only later.
     */
    private Uni<Void> send(UUID workspaceId, UUID runId, String type) {
        return log.publish(workspaceId, PREFIX + runId, type, new JsonObject().put("from", leases.instanceId()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not announce %s for run %s: %s", type, runId, e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    @Override
    public void onEvent(String topic, long seq) {
        UUID runId;
        try {
            runId = UUID.fromString(topic.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed run message");
            return;
        }
        log.after(topic, seq - 1, 1).subscribe().with(events -> {
            LiveEvent event = events.isEmpty() ? null : events.get(0);
            if (event == null || event.seq() != seq) {
                return;
            }
            if (CANCEL.equals(event.type())) {
                if (loop.stopLocal(runId)) {
                    LOG.infof("Run %s: stopped its call after a cancel announced on the seam", runId);
                }
            } else if (RESUME.equals(event.type())) {
                // The owner claims at once; the others only if the owner has not after a grace period (it died).
                resume(runId, false).flatMap(done -> done ? Uni.createFrom().item(true)
                                : Uni.createFrom().voidItem().onItem().delayIt().by(leases.renewEvery())
                                .flatMap(x -> resume(runId, true)))
                        .subscribe().with(x -> { }, e -> LOG.warnf("Could not resume run %s: %s", runId, e.getMessage()));
            }
        }, e -> LOG.warnf("Could not read a run message: %s", e.getClass().getSimpleName()));
    }

    /**
     * Claims a decided run for this instance and drives it; answers whether this instance took it. {@code anyOwner}:
     * also when another instance was its owner.
     */
    Uni<Boolean> resume(UUID runId, boolean anyOwner) {
        return runs.claimResume(runId, leases.instanceId(), anyOwner, leases.duration()).flatMap(run -> {
            if (run == null) {
                return Uni.createFrom().item(false);
            }
            LOG.debugf("Run %s: resumed on this instance after a decision", runId);
            return runs.callerFor(run.workspaceId(), run.userId()).invoke(owner -> {
                if (owner != null) {
                    loop.drive(owner, runId).subscribe().with(v -> { }, e -> { });
                } else {
                    loop.fail(run.workspaceId(), runId, ApiException.conflict(
                            "The person who sent this message is no longer in the workspace.")).subscribe().with(v -> { }, e -> { });
                }
            }).replaceWith(true);
        });
    }
}
