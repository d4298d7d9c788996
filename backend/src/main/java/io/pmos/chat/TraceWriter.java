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

    static JsonObject withSeq(LiveEvent e) {
        return e.data().copy().put("seq", e.seq());
    }
}
