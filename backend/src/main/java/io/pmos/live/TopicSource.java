package io.pmos.live;

import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * What the live hub needs from a capability that publishes topics (flows now, chat runs next): whether a caller
 * may watch a topic, and the topic's current state for a snapshot.
 */
public interface TopicSource {

    /** The topic prefix this source owns, e.g. "flow". */
    String prefix();

    /** Fails with {@link LiveException} (FORBIDDEN / NOT_FOUND) when the caller may not watch this id. */
    Uni<Void> authorize(Caller caller, String id);

    /** The current state, sent as a snapshot when events cannot be replayed. */
    Uni<JsonObject> snapshot(Caller caller, String id);

    /** Called on a timer for topics someone watches, to notice changes made outside PMOS. */
    default Uni<Void> refresh(Caller caller, String id) {
        return Uni.createFrom().voidItem();
    }
}
