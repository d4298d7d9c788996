package io.pmos.chat;

import io.pmos.chat.ModelTypes.Reply;
import io.pmos.chat.ModelTypes.Request;
import io.pmos.chat.ModelTypes.ToolCall;
import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.chat.ModelTypes.Turn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Built-in commands, no AI model": understands plain command phrases and answers through the same loop, tools and
 * trace as a real model, so PMOS works without a key and tests are deterministic.
 */
public final class BuiltinModel implements ModelTypes.Model {

    static final String HELP = """
            I understand plain commands (no AI model is connected):
            • list flows · show flow X · list runs of flow X
            • create a flow named X [with a webhook/schedule trigger] [and a Slack message]
            • add a slack step to flow X [after step_1]
            • set FIELD of step_1 to VALUE in flow X
            • rename flow X to Y · publish flow X · enable flow X · disable flow X · delete flow X
            • run flow X [with {"key": "value"}]
            • list tools · call tool NAME [with {"key": "value"}]""";

    private static final String NAME = "\"?(.+?)\"?";
    private static final Pattern CREATE = Pattern.compile("^create (?:a |the )?(?:new )?flow (?:named |called )?" + NAME
            + "(?: with (?:a |an )?([\\w-]+) trigger)?(?:,? and (?:a |an )?([\\w-]+)(?: message| step| action)?)?\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADD = Pattern.compile("^add (?:a |an )?([\\w-]+)(?: step| action)?(?: \\(?([\\w-]+)\\)?)? (?:to|in) (?:the )?(?:flow )?"
            + NAME + "(?: after ([\\w]+))?\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET = Pattern.compile("^set (?:the )?(?:field )?([\\w-]+) (?:of|in|on) (?:step )?([\\w]+) to (.+) in (?:the )?(?:flow )?"
            + NAME + "\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAME = Pattern.compile("^rename (?:the )?(?:flow )?" + NAME + " to " + NAME + "\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ONE_FLOW = Pattern.compile("^(publish|enable|disable|delete|show|get|run) (?:the )?(?:flow )?"
            + NAME + "(?: with (\\{.*}))?\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RUNS = Pattern.compile("^(?:list|show) runs (?:of|for) (?:the )?(?:flow )?" + NAME + "\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CALL = Pattern.compile("^call (?:the )?(?:tool )?([\\w.-]+)(?: with (\\{.*}))?\\.?$", Pattern.CASE_INSENSITIVE);

    @Override
    public String provider() {
        return "builtin";
    }

    @Override
    public String modelName() {
        return null;
    }

    @Override
    public Uni<Reply> complete(Request request, Consumer<String> onDelta) {
        List<Turn> transcript = request.transcript();
        Turn last = transcript.get(transcript.size() - 1);
        Reply reply = "tool".equals(last.role()) ? summarize(transcript) : understand(last.text(), request.tools());
        if (reply.text() != null) {
            onDelta.accept(reply.text());
        }
        return Uni.createFrom().item(reply);
    }

    private Reply understand(String text, List<ToolSpec> tools) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.matches("^(list|show) (all )?(the )?flows\\.?$")) {
            return calls(call("flows_list", new JsonObject()));
        }
        if (lower.matches("^(list|show) (all )?(the )?tools\\.?$")) {
            StringBuilder out = new StringBuilder("Tools I can use:");
            tools.forEach(s -> out.append("\n• ").append(s.name()));
            return new Reply(out.toString(), null, null, null);
        }
        Matcher m;
        if ((m = CREATE.matcher(t)).matches()) {
            JsonObject args = new JsonObject().put("name", m.group(1).strip());
            if (m.group(2) != null) {
                args.put("trigger", m.group(2));
            }
            List<ToolCall> calls = new ArrayList<>(List.of(call("flow_create", args)));
            if (m.group(3) != null) {
                calls.add(call("step_add", new JsonObject().put("flow", m.group(1).strip()).put("piece", m.group(3))));
            }
            return calls(calls.toArray(ToolCall[]::new));
        }
        if ((m = ADD.matcher(t)).matches()) {
            JsonObject args = new JsonObject().put("flow", m.group(3).strip()).put("piece", m.group(1));
            if (m.group(2) != null) {
                args.put("action", m.group(2));
            }
            if (m.group(4) != null) {
                args.put("after", m.group(4));
            }
            return calls(call("step_add", args));
        }
        if ((m = SET.matcher(t)).matches()) {
            return calls(call("step_update", new JsonObject().put("flow", m.group(4).strip()).put("step", m.group(2))
                    .put("input", new JsonObject().put(m.group(1), unquote(m.group(3).strip())))));
        }
        if ((m = RENAME.matcher(t)).matches()) {
            return calls(call("flow_rename", new JsonObject().put("flow", m.group(1).strip()).put("name", m.group(2).strip())));
        }
        if ((m = RUNS.matcher(t)).matches()) {
            return calls(call("runs_list", new JsonObject().put("flow", m.group(1).strip())));
        }
        if ((m = ONE_FLOW.matcher(t)).matches()) {
            String flow = m.group(2).strip();
            return switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "publish" -> calls(call("flow_publish", new JsonObject().put("flow", flow)));
                case "enable" -> calls(call("flow_set_status", new JsonObject().put("flow", flow).put("status", "ENABLED")));
                case "disable" -> calls(call("flow_set_status", new JsonObject().put("flow", flow).put("status", "DISABLED")));
                case "delete" -> calls(call("flow_delete", new JsonObject().put("flow", flow)));
                case "run" -> {
                    JsonObject args = new JsonObject().put("flow", flow);
                    JsonObject payload = json(m.group(3));
                    if (m.group(3) != null && payload == null) {
                        yield new Reply("The payload after 'with' is not valid JSON.", null, null, null);
                    }
                    yield calls(call("flow_run", payload == null ? args : args.put("payload", payload)));
                }
                default -> calls(call("flow_get", new JsonObject().put("flow", flow)));
            };
        }
        if ((m = CALL.matcher(t)).matches()) {
            String wanted = m.group(1);
            String name = tools.stream().map(ToolSpec::name)
                    .filter(n -> n.equals(wanted) || n.endsWith("__" + wanted)).findFirst().orElse(null);
            if (name == null && wanted.contains("__")) {
                // a connection's tool by its full name: the loop knows whether that server is only unreachable now
                name = wanted;
            }
            if (name == null) {
                return new Reply("There is no tool called '" + wanted + "'. Say 'list tools' to see them.", null, null, null);
            }
            JsonObject args = json(m.group(2));
            if (m.group(2) != null && args == null) {
                return new Reply("The arguments after 'with' are not valid JSON.", null, null, null);
            }
            return calls(call(name, args == null ? new JsonObject() : args));
        }
        return new Reply(HELP, null, null, null);
    }

    /** After the tools ran: one line per result, in plain words. */
    private static Reply summarize(List<Turn> transcript) {
        List<String> lines = new ArrayList<>();
        for (int i = transcript.size() - 1; i >= 0 && "tool".equals(transcript.get(i).role()); i--) {
            Turn r = transcript.get(i);
            JsonObject result = json(r.text());
            String line;
            if (result == null) {
                line = r.toolName() + ": " + TraceSanitizer.clip(r.text());
            } else if (result.containsKey("error")) {
                line = "Could not " + r.toolName().replace('_', ' ') + ": " + result.getString("error");
            } else if (result.containsKey("flows")) {
                line = result.getJsonArray("flows").isEmpty() ? "There are no flows yet." : "Flows: " + String.join(", ",
                        result.getJsonArray("flows").stream().map(o -> ((JsonObject) o).getString("name")
                                + " (" + ((JsonObject) o).getString("status") + ")").toList()) + ".";
            } else if (result.containsKey("runId")) {
                line = "Started a run of the flow (run " + result.getString("runId") + ").";
            } else if (result.containsKey("deleted")) {
                line = "Deleted the flow.";
            } else if (result.containsKey("flowId")) {
                line = "Done (" + r.toolName().replace('_', ' ') + "): flow \"" + result.getString("name") + "\" now has "
                        + result.getJsonArray("steps", new io.vertx.core.json.JsonArray()).size() + " step(s), status "
                        + result.getString("status") + ".";
            } else if (result.containsKey("text")) {
                line = r.toolName() + (Boolean.TRUE.equals(result.getBoolean("isError")) ? " failed: " : " answered: ")
                        + TraceSanitizer.clip(result.getString("text"));
            } else {
                line = r.toolName() + ": " + TraceSanitizer.clip(result.encode());
            }
            lines.add(0, line);
        }
        return new Reply(String.join("\n", lines), null, null, null);
    }

    private static ToolCall call(String name, JsonObject args) {
        return new ToolCall("call_" + java.util.UUID.randomUUID().toString().substring(0, 8), name, args.encode());
    }

    private static Reply calls(ToolCall... calls) {
        return new Reply(null, List.of(calls), null, null);
    }

    private static JsonObject json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static Object unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
