package io.pmos.common;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Vert.x JSON as plain maps and lists, so the REST layer's Jackson writes it as JSON at every depth. */
public final class Jsons {

    private Jsons() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> plain(JsonObject json) {
        return json == null ? null : json.mapTo(Map.class);
    }
}
