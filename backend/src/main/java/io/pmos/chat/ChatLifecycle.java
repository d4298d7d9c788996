package io.pmos.chat;

import io.pmos.approvals.ApprovalRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Keeps runs honest across time and restarts: runs that were working when PMOS stopped end with an error (their
 * model call is gone); runs waiting for an approval simply wait on; expired approvals are told to their runs.
 */
@ApplicationScoped
public class ChatLifecycle {

    private static final Logger LOG = Logger.getLogger(ChatLifecycle.class);

    private final ChatRepository runs;
    private final ApprovalRepository approvals;
    private final ChatService chat;
    private final TraceWriter trace;

    public ChatLifecycle(ChatRepository runs, ApprovalRepository approvals, ChatService chat, TraceWriter trace) {
        this.runs = runs;
        this.approvals = approvals;
        this.chat = chat;
        this.trace = trace;
    }

    void onStart(@Observes StartupEvent event) {
        runs.interrupted().flatMap(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Ending %d chat run(s) interrupted by a restart", list.size());
            return Uni.join().all(list.stream().map(run -> runs.finish(run.id(), "failed", "PMOS restarted while this reply was being worked on.")
                    .call(changed -> !changed ? Uni.createFrom().voidItem()
                            : trace.emit(run.workspaceId(), run.id(), TraceWriter.RUN_ERROR, new JsonObject().put("code", "RESTARTED")
                                    .put("message", "PMOS restarted while this reply was being worked on; send the message again."))
                            .flatMap(x -> trace.emit(run.workspaceId(), run.id(), TraceWriter.RUN_FINISHED,
                                    new JsonObject().put("status", "failed").put("steps", run.steps())))
                            .replaceWithVoid())
                    .replaceWithVoid()).toList()).andCollectFailures().replaceWithVoid();
        }).subscribe().with(v -> { }, e -> LOG.warnf("Could not end interrupted runs: %s", e.getMessage()));
    }

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
