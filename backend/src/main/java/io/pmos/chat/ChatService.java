package io.pmos.chat;

import io.pmos.approvals.ApprovalService;
import io.pmos.chat.ChatRepository.Run;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Conversations of a user in a workspace; a message starts a run that the agent loop drives in the background. */
@ApplicationScoped
public class ChatService {

    static final int MAX_MESSAGE = 8000;

    private final ChatRepository repository;
    private final AgentLoop loop;
    private final ModelFactory models;
    private final TraceWriter trace;
    private final ChatSecrets secrets;
    private final RunLeases leases;
    private final RunControl control;

    public ChatService(ChatRepository repository, AgentLoop loop, ModelFactory models, TraceWriter trace,
                       ApprovalService approvals, ChatSecrets secrets, RunLeases leases, RunControl control) {
        this.secrets = secrets;
        this.leases = leases;
        this.control = control;
        this.repository = repository;
        this.loop = loop;
        this.models = models;
        this.trace = trace;
        approvals.whenDecided((decider, approval) -> approval.runId() == null ? Uni.createFrom().voidItem()
                : resumeAfterDecision(approval.workspaceId(), approval.runId(), approval.id().toString(), approval.status(),
                decider.email(), approval.reason()));
    }

    public Uni<List<ChatRepository.Conversation>> conversations(Caller caller) {
        return repository.conversations(caller.workspaceId(), caller.userId());
    }

    public Uni<ChatRepository.Conversation> create(Caller caller, String title) {
        String t = title == null || title.isBlank() ? "New conversation" : title.strip();
        if (t.length() > 200) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'title' must be at most 200 characters."));
        }
        return secrets.refresh(caller.workspaceId()).flatMap(v -> repository.createConversation(caller.workspaceId(),
                caller.userId(), secrets.mask(caller.workspaceId(), t)));
    }

    public Uni<ChatRepository.Conversation> conversation(Caller caller, String idText) {
        UUID id = Fields.pathId(idText, "conversation");
        return repository.conversation(caller.workspaceId(), id).map(c -> {
            if (c == null || !c.userId().equals(caller.userId())) {
                throw ApiException.notFound("No such conversation in your workspace.");
            }
            return c;
        });
    }

    public Uni<List<ChatRepository.Message>> messages(Caller caller, String conversationId) {
        return conversation(caller, conversationId).flatMap(c -> repository.messages(caller.workspaceId(), c.id()));
    }

    /**
     * Stores the message and starts its run (409 while another run of the conversation is active). Secrets in the
     * text are masked first: the stored message, the transcript (so the model too) and the trace only see the mask.
     */
    public Uni<Run> send(Caller caller, String conversationId, String text) {
        String typed = Fields.required(text, "text").strip();
        if (typed.isEmpty() || typed.length() > MAX_MESSAGE) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'text' must be 1 to " + MAX_MESSAGE + " characters."));
        }
        return secrets.refresh(caller.workspaceId()).flatMap(v -> start(caller, conversationId,
                secrets.mask(caller.workspaceId(), typed)));
    }

    private Uni<Run> start(Caller caller, String conversationId, String message) {
        return conversation(caller, conversationId).flatMap(c -> repository.messages(caller.workspaceId(), c.id())
                .flatMap(history -> models.forWorkspace(caller.workspaceId()).flatMap(model -> {
                    JsonArray transcript = new JsonArray();
                    for (ChatRepository.Message m : history.subList(Math.max(0, history.size() - 20), history.size())) {
                        transcript.add(JsonObject.mapFrom(m.role().equals("user") ? ModelTypes.Turn.user(m.content())
                                : ModelTypes.Turn.assistant(m.content(), null)));
                    }
                    transcript.add(JsonObject.mapFrom(ModelTypes.Turn.user(message)));
                    return repository.startRun(caller.workspaceId(), c.id(), caller.userId(), model.provider(),
                            model.modelName(), transcript, leases.instanceId(), leases.duration());
                }))
                .flatMap(run -> {
                    if (run == null) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "A reply in this conversation is still running: wait for it, or cancel it."));
                    }
                    return repository.addMessage(caller.workspaceId(), c.id(), run.id(), "user", message)
                            .call(() -> trace.emit(run.workspaceId(), run.id(), TraceWriter.RUN_STARTED, new JsonObject()
                                    .put("conversationId", c.id().toString()).put("provider", run.provider())
                                    .put("model", run.model()).put("message", message).put("instance", leases.instanceId())))
                            .invoke(() -> loop.drive(caller, run.id()).subscribe().with(v -> { }, e -> { }))
                            .replaceWith(run);
                }));
    }

    public Uni<Void> cancel(Caller caller, String runIdText) {
        return ownRun(caller, runIdText).flatMap(run -> {
            if (!List.of("running", "waiting_approval").contains(run.status())) {
                return Uni.createFrom().failure(ApiException.conflict("This run has already ended (" + run.status() + ")."));
            }
            // the instance working on the run may be another one: the seam tells it to drop its call
            return loop.cancel(run).call(() -> control.cancel(run.workspaceId(), run.id())).replaceWithVoid();
        });
    }

    public Uni<JsonObject> trace(Caller caller, String runIdText) {
        return ownRun(caller, runIdText).flatMap(run -> trace.read(run.id()).map(events -> new JsonObject()
                .put("ok", true).put("runId", run.id().toString()).put("status", run.status())
                .put("events", new JsonArray(events))));
    }

    /** A run of the caller (admins may read every run of their workspace, to decide on approvals). */
    public Uni<Run> ownRun(Caller caller, String runIdText) {
        UUID id = Fields.pathId(runIdText, "run");
        return repository.run(caller.workspaceId(), id).map(run -> {
            if (run == null || !run.userId().equals(caller.userId()) && !Roles.isAdmin(caller.role())) {
                throw ApiException.notFound("No such run in your workspace.");
            }
            return run;
        });
    }

    /**
     * After a decision: tell the trace, then the run's owner (through the seam, on whichever instance it is) goes on
     * from the stored transcript.
     */
    Uni<Void> resumeAfterDecision(UUID workspace, UUID runId, String approvalId, String status, String by, String reason) {
        JsonObject data = new JsonObject().put("approvalId", approvalId)
                .put("decision", status).put("by", by);
        if (reason != null) {
            data.put("reason", reason);
        }
        return trace.emit(workspace, runId, TraceWriter.APPROVAL_RESOLVED, data)
                .call(() -> trace.emitWorkspace(workspace, TraceWriter.APPROVAL_RESOLVED, data.copy().put("runId", runId.toString())))
                .flatMap(x -> repository.runById(runId))
                // also while still 'running': the decision may come before the run has saved its wait; the claim
                // then succeeds on the retry after the grace period
                .flatMap(run -> run == null || !List.of("running", "waiting_approval").contains(run.status())
                        ? Uni.createFrom().voidItem() : control.resume(workspace, runId));
    }
}
