package io.pmos.common;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of request bodies from a route's DTO record: plausible objects first, then each way of being
 * wrong (types, sizes, depth, unicode, NUL, duplicated keys, nulls, non-objects, wrong content types).
 */
final class BodyFuzzer {

    /** One request to send: a content type (null = none), the raw bytes, and what was done, for the report. */
    record Probe(String contentType, byte[] body, String label) {
    }

    /** A JSON object kept as an ordered list of entries, so a key may appear twice. */
    record Obj(List<Map.Entry<String, Object>> entries) {
    }

    /** JSON text written as is. */
    record Raw(String json) {
    }

    private static final String JSON = "application/json";
    private static final List<String> UNICODE = List.of(
            "\uD83D\uDE80\uD83D\uDC69\u200D\uD83D\uDCBB", "\u05E9\u05DC\u05D5\u05DD \u202Eevil\u202C", "e\u0301\u0327\u0308",
            "\uFEFFbom", "\uFFFF\uFFFE", "zero\u200Bwidth", "\uD800", "a\uDC00b", "\u0000", "tab\tnew\nline\r",
            "\u001F\u007F", "\\", "\"quoted\"", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "%00",
            "\u10FFFF", "\uDBFF\uDFFF");
    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("role", List.of("member", "viewer", "workspace_admin", "super_admin", "MEMBER", "owner")),
            Map.entry("decision", List.of("approve", "approved", "deny", "denied", "reject")),
            Map.entry("preset", List.of("local", "bcgpt", "none")),
            Map.entry("authmode", List.of("api_key", "password", "bearer", "header", "none")),
            Map.entry("provider", List.of("openai", "builtin", "anthropic", "gemini", "ollama", "openai_compatible")),
            Map.entry("connector", List.of("flowPieces", "ai", "mcp:local", "mcp:nope")),
            Map.entry("type", List.of("CHANGE_NAME", "ADD_ACTION", "UPDATE_ACTION", "DELETE_ACTION", "UPDATE_TRIGGER",
                    "MOVE_ACTION", "LOCK_AND_PUBLISH", "CHANGE_STATUS", "IMPORT_FLOW", "ADD_BRANCH", "DUPLICATE_ACTION")),
            Map.entry("piecename", List.of("@activepieces/piece-slack", "@activepieces/piece-webhook", "../../etc/passwd")),
            Map.entry("pieceversion", List.of("~0.1.0", "1.0.0", "latest")),
            Map.entry("url", List.of("http://127.0.0.1:1", "ftp://example.com", "not a url", "http://[::1]:1/mcp")),
            Map.entry("baseurl", List.of("http://127.0.0.1:1/v1", "javascript:alert(1)")),
            Map.entry("email", List.of("fuzz@example.com", "a@b", "@", "x".repeat(300) + "@example.com")),
            Map.entry("argv", List.of("echo", "ls", "rm")));

    private final Random random;

    BodyFuzzer(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} probes for a body of this type (null = the route takes no body). */
    List<Probe> probes(Type type, int count) {
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(probe(type, i));
        }
        return out;
    }

    private Probe probe(Type type, int i) {
        Object valid = type == null ? new Obj(new ArrayList<>()) : value(type, "", 0);
        Obj obj = valid instanceof Obj o ? o : null;
        int kind = i < 3 ? i : random.nextInt(16);
        switch (kind) {
            case 0:
                return json(valid, "plausible");
            case 1:
                if (obj != null && !obj.entries().isEmpty()) {
                    set(obj, wrongType());
                    return json(obj, "wrong type");
                }
                return json(wrongType(), "wrong type at top");
            case 2:
                return json(mutate(obj, null), "null field");
            case 3:
                return json(mutate(obj, "x".repeat(random.nextBoolean() ? 15_000 : 40_000)), "huge string");
            case 4: {
                List<Object> big = new ArrayList<>();
                int n = random.nextBoolean() ? 2_000 : 9_000;
                for (int k = 0; k < n; k++) {
                    big.add(random.nextBoolean() ? k : "s");
                }
                return json(mutate(obj, big), "huge array");
            }
            case 5: {
                int depth = random.nextBoolean() ? 400 : 3_000;
                String nested = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                return json(mutate(obj, new Raw(nested)), "deep nesting");
            }
            case 6:
                return json(mutate(obj, UNICODE.get(random.nextInt(UNICODE.size()))), "unicode");
            case 7:
                return json(mutate(obj, "before\u0000after"), "NUL in value");
            case 8: {
                Obj o = obj == null ? new Obj(new ArrayList<>()) : obj;
                o.entries().add(Map.entry("k\u0000ey", 1));
                return json(o, "NUL in key");
            }
            case 9: {
                Obj o = obj == null ? new Obj(new ArrayList<>()) : obj;
                if (!o.entries().isEmpty()) {
                    Map.Entry<String, Object> e = o.entries().get(random.nextInt(o.entries().size()));
                    o.entries().add(Map.entry(e.getKey(), e.getValue() == null ? "dup" : e.getValue()));
                } else {
                    o.entries().add(Map.entry("a", 1));
                    o.entries().add(Map.entry("a", 2));
                }
                return json(o, "duplicated key");
            }
            case 10: {
                Obj o = obj == null ? new Obj(new ArrayList<>()) : obj;
                o.entries().add(Map.entry(random.nextBoolean() ? "surprise" : "__proto__", random.nextInt()));
                return json(o, "unknown field");
            }
            case 11: {
                List<String> bodies = List.of("", "null", "[]", "[{}]", "\"text\"", "42", "true", "{", "}{", "{}{}",
                        "{\"a\":}", "{'a':1}", "{\"a\":1,}", "NaN", "{\"a\":NaN}", "{\"a\":1e999999}", "\u0000",
                        "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\ud800\"}", "{}");
                return new Probe(JSON, bodies.get(random.nextInt(bodies.size())).getBytes(StandardCharsets.UTF_8), "not an object");
            }
            case 12: {
                byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
                return new Probe(JSON, bad, "invalid UTF-8");
            }
            case 13: {
                List<String> types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/octet-stream", "application/json; charset=utf-16",
                        "application/merge-patch+json", "*/*", "garbage");
                Probe p = json(valid, "content type");
                return new Probe(types.get(random.nextInt(types.size())), p.body(), "wrong content type");
            }
            case 14: {
                List<Object> numbers = List.of(new Raw("1e400"), new Raw("-0"), new Raw("123456789012345678901234567890"),
                        1.5, -1, Long.MIN_VALUE, new Raw("0.0000000000000000000000000000001"));
                return json(mutate(obj, numbers.get(random.nextInt(numbers.size()))), "odd number");
            }
            default:
                return json(mutate(obj, value(Object.class, "", 0)), "random value");
        }
    }

    /** Replaces one field's value (or the body, when there is no field) with {@code value}. */
    private Object mutate(Obj obj, Object value) {
        if (obj == null || obj.entries().isEmpty()) {
            return random.nextBoolean() ? value : new Obj(new ArrayList<>(List.of(Map.entry("field", value == null ? new Raw("null") : value))));
        }
        set(obj, value);
        return obj;
    }

    private void set(Obj obj, Object value) {
        int at = random.nextInt(obj.entries().size());
        String key = obj.entries().get(at).getKey();
        obj.entries().set(at, new java.util.AbstractMap.SimpleEntry<>(key, value));
    }

    private Object wrongType() {
        return switch (random.nextInt(6)) {
            case 0 -> 12345;
            case 1 -> true;
            case 2 -> List.of("a", 1);
            case 3 -> new Obj(new ArrayList<>(List.of(Map.entry("x", "y"))));
            case 4 -> "string";
            default -> -3.25;
        };
    }

    /** A plausible value of a declared type; field names pick from known words so routes get past the first check. */
    private Object value(Type type, String field, int depth) {
        Class<?> raw = type instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) type).getRawType();
        if (raw.isRecord()) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (RecordComponent rc : raw.getRecordComponents()) {
                if (random.nextInt(8) != 0) {
                    entries.add(new java.util.AbstractMap.SimpleEntry<>(rc.getName(),
                            value(rc.getGenericType(), rc.getName(), depth + 1)));
                }
            }
            return new Obj(entries);
        }
        if (raw == String.class) {
            List<String> words = WORDS.get(field.toLowerCase());
            if (words != null && random.nextInt(4) != 0) {
                return words.get(random.nextInt(words.size()));
            }
            return random.nextInt(5) == 0 ? UNICODE.get(random.nextInt(UNICODE.size())) : "fuzz" + random.nextInt(100_000);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return random.nextBoolean();
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return random.nextInt(2_000) - 1_000;
        }
        if (raw.isEnum()) {
            Object[] values = raw.getEnumConstants();
            return values[random.nextInt(values.length)].toString();
        }
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            List<Object> list = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                list.add(value(p.getActualTypeArguments()[0], field, depth + 1));
            }
            return list;
        }
        // Free-form objects (Map<String, Object>, Object): random JSON of a few levels.
        if (depth > 4) {
            return random.nextBoolean() ? "leaf" : random.nextInt(10);
        }
        return switch (random.nextInt(Map.class.isAssignableFrom(raw) ? 2 : 6)) {
            case 0, 1 -> {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                List<String> keys = List.of("name", "type", "displayName", "settings", "input", "request", "action",
                        "parentStep", "trigger", "valid", "status", "names", "body", "x");
                for (int k = random.nextInt(5); k > 0; k--) {
                    String key = keys.get(random.nextInt(keys.size()));
                    entries.add(new java.util.AbstractMap.SimpleEntry<>(key, value(Object.class, key, depth + 1)));
                }
                yield new Obj(entries);
            }
            case 2 -> List.of(value(Object.class, field, depth + 1), random.nextInt());
            case 3 -> random.nextBoolean();
            case 4 -> new Raw("null");
            default -> value(String.class, field, depth + 1);
        };
    }

    private Probe json(Object value, String label) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return new Probe(JSON, out.toString().getBytes(StandardCharsets.UTF_8), label);
    }

    private void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Raw r) {
            out.append(r.json());
        } else if (v instanceof Obj o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.entries()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    out.append(',');
                }
                write(out, l.get(k));
            }
            out.append(']');
        } else if (v instanceof String s) {
            string(out, s);
        } else {
            out.append(v);
        }
    }

    /** Non-ASCII as escapes, so half a surrogate pair reaches the server as JSON says it (not as a '?'). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
