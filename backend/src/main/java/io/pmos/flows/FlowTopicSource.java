package io.pmos.flows;

import io.pmos.common.ApiException;
import io.pmos.identity.Caller;
import io.pmos.live.LiveException;
import io.pmos.live.TopicSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** Live topics {@code flow:<id>}: only flows of the caller's workspace may be watched. */
@ApplicationScoped
public class FlowTopicSource implements TopicSource {

    private final FlowService flows;

    public FlowTopicSource(FlowService flows) {
        this.flows = flows;
    }

    @Override
    public String prefix() {
        return "flow";
    }

    @Override
    public Uni<Void> authorize(Caller caller, String id) {
        return flows.owned(caller.workspaceId(), id).replaceWithVoid().onFailure(ApiException.class).transform(e ->
                ((ApiException) e).status() == 404
                        ? new LiveException("FORBIDDEN", "This flow is not in your workspace.")
                        : new LiveException("UNAVAILABLE", e.getMessage()));
    }

    @Override
    public Uni<JsonObject> snapshot(Caller caller, String id) {
        return flows.owned(caller.workspaceId(), id)
                .map(ref -> new JsonObject().put("flow", ref.flow()).put("version", FlowVersions.of(ref.flow())))
                .onFailure(ApiException.class).transform(e -> new LiveException("NOT_FOUND", e.getMessage()));
    }

    @Override
    public Uni<Void> refresh(Caller caller, String id) {
        return flows.owned(caller.workspaceId(), id).flatMap(ref -> flows.detectChange(caller.workspaceId(), ref.flow()));
    }
}
