package io.pmos.chat;

import io.pmos.approvals.ApprovalRepository;
import io.pmos.config.PmosConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps runs honest across time, restarts and several instances: an instance renews the leases of the runs it works
 * on; a working run whose lease expired (its instance died) is ended by exactly one other instance; runs waiting for
 * an approval simply wait on, and a decided one nobody resumed is resumed; expired approvals are told to their runs.
 * Starting an instance touches no run whose lease is live.
 */
@ApplicationScoped
public class ChatLifecycle {

    private static final Logger LOG = Logger.getLogger(ChatLifecycle.class);
    static final String OWNER_LOST = "The PMOS instance working on this reply stopped (restart or crash); send the message again.";
    /** When this instance ends its own run: it lives, but its work on the run ended without the end being written. */
    static final String SAVE_LOST = "This reply was interrupted: PMOS could not save its progress (e.g. its database was "
            + "briefly unreachable); send the message again.";
    static final String CALL_OWNER_LOST = "Interrupted: PMOS stopped (restart or crash) while this call was running, "
            + "so its outcome is unknown.";
    static final String CALL_SAVE_LOST = "Interrupted: PMOS could not save this call's result (e.g. its database was briefly "
            + "unreachable), so its outcome is unknown.";

    private final ChatRepository runs;
    private final ApprovalRepository approvals;
    private final ChatService chat;
    private final TraceWriter trace;
    private final AgentLoop loop;
    private final RunLeases leases;
    private final RunControl control;
    private final Duration maxDuration;

    public ChatLifecycle(ChatRepository runs, ApprovalRepository approvals, ChatService chat, TraceWriter trace,
                         AgentLoop loop, RunLeases leases, RunControl control, PmosConfig config) {
        this.runs = runs;
        this.approvals = approvals;
        this.chat = chat;
        this.trace = trace;
        this.loop = loop;
        this.leases = leases;
        this.control = control;
        this.maxDuration = config.chat().maxDuration();
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("PMOS instance %s: chat run leases of %d s, renewed every %d s", leases.instanceId(),
                leases.duration().toSeconds(), leases.renewEvery().toSeconds());
        sweep().subscribe().with(v -> { }, e -> LOG.warnf("Could not look for abandoned runs: %s", e.getMessage()));
    }

    @Scheduled(every = "${pmos.chat.lease-renew-every:PT5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        // an unreachable database is logged once per outage (io.pmos.health.DependencyStates), not every tick
        return renew().onFailure(e -> io.pmos.health.DatabaseFailures.code(e) == null)
                .invoke(e -> LOG.warnf("Could not renew run leases: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .flatMap(v -> sweep());
    }

    /**
     * Renews this instance's leases; a run it works on whose lease it no longer holds (ended elsewhere, cancelled, or
     * taken over after this instance stalled) has its call dropped here.
     */
    Uni<Void> renew() {
        Set<UUID> working = leases.working();
        return runs.renewLeases(leases.instanceId(), working, leases.duration()).invoke(held -> working.stream()
                .filter(id -> !held.contains(id)).forEach(loop::stopLocal)).replaceWithVoid();
    }

    /** Ends the runs whose owner died and resumes decided runs nobody resumed (a lost message, or no instance was up). */
    Uni<Void> sweep() {
        return runs.endAbandoned(leases.instanceId(), maxDuration.plus(leases.duration()), OWNER_LOST)
                .flatMap(this::tell)
                .flatMap(v -> runs.decidedButWaiting(leases.duration().plus(leases.renewEvery())))
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.join().all(ids.stream().map(id -> control.resume(id, true).replaceWithVoid()
                        .onFailure().recoverWithNull()).toList()).andCollectFailures().replaceWithVoid());
    }

    private Uni<Void> tell(List<ChatRepository.Abandoned> ended) {
        if (ended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Ended %d chat run(s) whose instance stopped working on them", ended.size());
        return Uni.join().all(ended.stream().map(a -> {
            ChatRepository.Run run = a.run();
            // its own run: the drive ended (a write failed) without ending the run, and the lease it no longer renewed ran out
            boolean own = leases.instanceId().equals(a.previousOwner());
            JsonObject error = own ? new JsonObject().put("code", TraceWriter.INTERRUPTED).put("message", SAVE_LOST)
                    : new JsonObject().put("code", "RESTARTED").put("message", OWNER_LOST);
            if (a.previousOwner() != null && !own) {
                error.put("previousInstance", a.previousOwner());
            }
            return trace.closeOpenTools(run.workspaceId(), run.id(), TraceWriter.INTERRUPTED, own ? CALL_SAVE_LOST : CALL_OWNER_LOST)
                    .flatMap(n -> trace.emit(run.workspaceId(), run.id(), TraceWriter.RUN_ERROR, error))
                    .flatMap(x -> trace.emit(run.workspaceId(), run.id(), TraceWriter.RUN_FINISHED, new JsonObject()
                            .put("status", "failed").put("steps", run.steps()).put("instance", leases.instanceId())))
                    .replaceWithVoid();
        }).toList()).andCollectFailures().replaceWithVoid();
    }

    /** Expiring is one conditional UPDATE ... RETURNING: each expired approval is returned to exactly one instance. */
    @Scheduled(every = "${pmos.chat.expiry-check-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireApprovals() {
        return approvals.expireDue().flatMap(expired -> {
            List<Uni<Void>> resumes = expired.stream().filter(a -> a.runId() != null)
                    .map(a -> chat.resumeAfterDecision(a.workspaceId(), a.runId(), a.id().toString(), "expired", null, a.reason())
                            .onFailure().recoverWithNull())
                    .toList();
            return resumes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(resumes).andFailFast().replaceWithVoid();
        });
    }
}
