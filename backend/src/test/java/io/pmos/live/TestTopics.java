package io.pmos.live;

import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** A topic source for hub tests: topic "test:<id>", open to everyone, with a snapshot that says it is one. */
@ApplicationScoped
public class TestTopics implements TopicSource {

    @Override
    public String prefix() {
        return "test";
    }

    @Override
    public Uni<Void> authorize(Caller caller, String id) {
        return id.startsWith("forbidden") ? Uni.createFrom().failure(new LiveException("FORBIDDEN", "no"))
                : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<JsonObject> snapshot(Caller caller, String id) {
        return Uni.createFrom().item(new JsonObject().put("snapshotOf", id));
    }
}
