package io.pmos.approvals;

import io.pmos.identity.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.TreeMap;

/** The hash that binds an approval to the exact tool and arguments: SHA-256 of canonical JSON (sorted keys). */
public final class ArgumentsHash {

    private ArgumentsHash() {
    }

    public static String of(String tool, JsonObject arguments) {
        return Tokens.hash(tool + "\n" + canonical(arguments));
    }

    static String canonical(Object value) {
        if (value instanceof JsonObject o) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            o.forEach(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(scalar(k)).append(':').append(canonical(v));
            });
            return out.append('}').toString();
        }
        if (value instanceof JsonArray a) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(canonical(a.getValue(i)));
            }
            return out.append(']').toString();
        }
        return scalar(value);
    }

    /** A string, number, boolean or null as JSON text. */
    private static String scalar(Object value) {
        String wrapped = new JsonArray().add(value).encode();
        return wrapped.substring(1, wrapped.length() - 1);
    }
}
