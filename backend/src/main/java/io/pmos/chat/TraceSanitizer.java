package io.pmos.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cleans what goes into a trace: values under secret-looking keys are masked, long strings are cut with their
 * size noted, and a payload over the cap is replaced by a note of its size. Tool and model output is untrusted.
 */
public final class TraceSanitizer {

    static final int MAX_STRING = 2000;
    static final int MAX_PAYLOAD = 16 * 1024;
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)(password|passwd|secret|token|api[-_]?key|apikey|authorization|credential|private[-_]?key)");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)^(sk-|sk_|bearer\\s+|xox[abp]-|ghp_|AIza)[A-Za-z0-9._\\-]{8,}");

    private TraceSanitizer() {
    }

    public static JsonObject clean(JsonObject data) {
        JsonObject out = (JsonObject) cleanValue(null, data);
        String encoded = out.encode();
        if (encoded.length() > MAX_PAYLOAD) {
            return new JsonObject().put("truncated", true).put("size", encoded.length())
                    .put("preview", encoded.substring(0, 500) + "…");
        }
        return out;
    }

    public static String clip(String text) {
        if (text == null || text.length() <= MAX_STRING) {
            return text;
        }
        return text.substring(0, MAX_STRING) + "… (cut; " + text.length() + " characters in all)";
    }

    static Object cleanValue(String key, Object value) {
        if (key != null && SECRET_KEY.matcher(key).find() && value != null && !(value instanceof JsonObject)
                && !(value instanceof JsonArray) && !(value instanceof Boolean) && !isTokenCount(key, value)) {
            return "••••";
        }
        if (value instanceof JsonObject o) {
            JsonObject copy = new JsonObject();
            o.forEach(e -> copy.put(e.getKey(), cleanValue(e.getKey(), e.getValue())));
            return copy;
        }
        if (value instanceof JsonArray a) {
            JsonArray copy = new JsonArray();
            a.forEach(v -> copy.add(cleanValue(null, v)));
            return copy;
        }
        if (value instanceof String s) {
            if (SECRET_VALUE.matcher(s.strip()).find()) {
                return "••••";
            }
            return clip(ChatSecrets.shaped(s));
        }
        return value;
    }

    /** A count of model tokens (usage.inputTokens, output_tokens…) is not a secret token, and the trace must show it. */
    private static boolean isTokenCount(String key, Object value) {
        return value instanceof Number && key.toLowerCase(Locale.ROOT).matches(".*[a-z_]tokens");
    }

    /** Lower-case name used to decide risk from what a tool is called. */
    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
