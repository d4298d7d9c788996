package io.pmos.live;

import io.vertx.core.json.JsonObject;

/** One published event: its topic, its number in the topic, its type (e.g. flow.updated) and its data. */
public record LiveEvent(String topic, long seq, String type, JsonObject data) {
}
