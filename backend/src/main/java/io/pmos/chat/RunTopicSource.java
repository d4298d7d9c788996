package io.pmos.chat;

import io.pmos.common.ApiException;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.live.LiveException;
import io.pmos.live.TopicSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** Live topics {@code run:<id>} (a run's trace, for its owner and the workspace's admins). */
@ApplicationScoped
public class RunTopicSource implements TopicSource {

    private final ChatService chat;
    private final TraceWriter trace;

    public RunTopicSource(ChatService chat, TraceWriter trace) {
        this.chat = chat;
        this.trace = trace;
    }

    @Override
    public String prefix() {
        return "run";
    }

    @Override
    public Uni<Void> authorize(Caller caller, String id) {
        return chat.ownRun(caller, id).replaceWithVoid().onFailure(ApiException.class)
                .transform(e -> new LiveException("FORBIDDEN", "This run is not yours or not in your workspace."));
    }

    @Override
    public Uni<JsonObject> snapshot(Caller caller, String id) {
        return chat.ownRun(caller, id).flatMap(run -> trace.read(run.id()))
                .map(events -> new JsonObject().put("events", new JsonArray(events)));
    }

    /** Live topic {@code approvals:<workspaceId>}: new and resolved requests, for the workspace's admins. */
    @ApplicationScoped
    public static class Approvals implements TopicSource {

        @Override
        public String prefix() {
            return "approvals";
        }

        @Override
        public Uni<Void> authorize(Caller caller, String id) {
            return caller.workspaceId().toString().equals(id) && Roles.isAdmin(caller.role()) ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(new LiveException("FORBIDDEN", "Only this workspace's admins receive its approval requests."));
        }

        @Override
        public Uni<JsonObject> snapshot(Caller caller, String id) {
            return Uni.createFrom().item(new JsonObject().put("refresh", true));
        }
    }
}
