package io.pmos.chat;

import io.pmos.live.EventLog;
import io.pmos.live.LiveEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes a run's trace (docs/trace-schema.md) into the event log under topic {@code run:<id>}: persisted for a
 * reload or a second device, streamed on the WebSocket, numbered per run without gaps.
 */
@ApplicationScoped
public class TraceWriter {

    public static final String RUN_STARTED = "run.started";
    public static final String ASSISTANT_DELTA = "assistant.delta";
    public static final String ASSISTANT_MESSAGE = "assistant.message";
    public static final String TOOL_STARTED = "tool.started";
    public static final String TOOL_PROGRESS = "tool.progress";
    public static final String TOOL_FINISHED = "tool.finished";
    public static final String APPROVAL_REQUESTED = "approval.requested";
    public static final String APPROVAL_RESOLVED = "approval.resolved";
    public static final String FLOW_UPDATED = "flow.updated";
    public static final String RUN_FINISHED = "run.finished";
    public static final String RUN_ERROR = "run.error";
    /** tool.finished code of a call whose run ended (crash, lost database, cancel) before the call's result was written. */
    public static final String INTERRUPTED = "INTERRUPTED";

    private final EventLog log;
    private final ChatSecrets secrets;

    public TraceWriter(EventLog log, ChatSecrets secrets) {
        this.log = log;
        this.secrets = secrets;
    }

    public static String topic(UUID runId) {
        return "run:" + runId;
    }

    public Uni<Long> emit(UUID workspaceId, UUID runId, String type, JsonObject data) {
        JsonObject event = new JsonObject().put("runId", runId.toString()).put("ts", Instant.now().toString())
                .put("type", type).put("data", TraceSanitizer.clean(secrets.mask(workspaceId, data == null ? new JsonObject() : data)));
        return log.publish(workspaceId, topic(runId), type, event);
    }

    /** An event for the workspace's approvers (topic approvals:<workspace>), e.g. a new request to decide. */
    public Uni<Long> emitWorkspace(UUID workspaceId, String type, JsonObject data) {
        return log.publish(workspaceId, "approvals:" + workspaceId, type, new JsonObject().put("ts", Instant.now().toString())
                .put("type", type).put("data", TraceSanitizer.clean(secrets.mask(workspaceId, data))));
    }

    /** The whole trace of a run, in order, each event with its number. */
    public Uni<List<JsonObject>> read(UUID runId) {
        return log.after(topic(runId), 0, 100_000).map(events -> events.stream().map(TraceWriter::withSeq).toList());
    }

    /**
     * Closes every {@code tool.started} of the run that has no {@code tool.finished}: the run ended before the call's
     * result was written (its instance died, its database was unreachable, or it was cancelled), so each gets a
     * {@code tool.finished} error with this code and sentence. Answers how many were closed.
     */
    public Uni<Integer> closeOpenTools(UUID workspaceId, UUID runId, String code, String message) {
        return log.after(topic(runId), 0, 100_000).flatMap(events -> {
            java.util.Map<String, LiveEvent> open = new java.util.LinkedHashMap<>();
            for (LiveEvent e : events) {
                JsonObject data = e.data().getJsonObject("data", new JsonObject());
                String callId = data.getString("toolCallId");
                if (TOOL_STARTED.equals(e.type()) && callId != null) {
                    open.put(callId, e);
                } else if (TOOL_FINISHED.equals(e.type()) && callId != null) {
                    open.remove(callId);
                }
            }
            Uni<Integer> closing = Uni.createFrom().item(0);
            for (LiveEvent started : open.values()) {
                JsonObject data = started.data().getJsonObject("data");
                long since = java.time.Duration.between(Instant.parse(started.data().getString("ts")), Instant.now()).toMillis();
                JsonObject finished = new JsonObject().put("toolCallId", data.getString("toolCallId"))
                        .put("tool", data.getString("tool")).put("status", "error").put("durationMs", Math.max(0, since))
                        .put("code", code).put("error", message);
                closing = closing.flatMap(n -> emit(workspaceId, runId, TOOL_FINISHED, finished).replaceWith(n + 1));
            }
            return closing;
        });
    }

    static JsonObject withSeq(LiveEvent e) {
        return e.data().copy().put("seq", e.seq());
    }
}
