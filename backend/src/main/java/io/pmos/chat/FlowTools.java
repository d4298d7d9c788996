package io.pmos.chat;

import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.chat.RiskPolicy.Level;
import io.pmos.common.ApiException;
import io.pmos.flows.FlowDtos;
import io.pmos.flows.FlowService;
import io.pmos.flows.PieceService;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flow tools of the agent, each one mapped onto Flow Pieces operations through {@link FlowService} (so the same
 * workspace checks, policy and live updates apply as in Flow Studio). A flow is named by id or by its name.
 */
@ApplicationScoped
public class FlowTools {

    private static final Pattern STEP_NUMBER = Pattern.compile("^step_(\\d+)$");

    private final FlowService flows;
    private final PieceService pieces;
    private final List<AgentTool> tools = new ArrayList<>();

    public FlowTools(FlowService flows, PieceService pieces) {
        this.flows = flows;
        this.pieces = pieces;
        JsonObject flowArg = prop("string", "The flow's id or its exact name.");
        add("flows_list", "List the workspace's flows with their status.", schema(Map.of(), List.of()), Level.READ, "listing flows",
                (c, a) -> flows.list(c, null, 100).map(list -> new JsonObject().put("flows", new JsonArray(list.flows().stream()
                        .map(f -> new JsonObject().put("id", f.id()).put("name", f.displayName()).put("status", f.status())).toList()))));
        add("flow_get", "Show one flow: its trigger and steps.", schema(Map.of("flow", flowArg), List.of("flow")), Level.READ,
                "reading a flow", (c, a) -> resolve(c, a.getString("flow")).flatMap(id -> flows.get(c, id))
                        .map(answer -> describe(new JsonObject(answer.flow()))));
        add("flow_create", "Create a flow, optionally with a trigger piece (e.g. webhook, schedule).",
                schema(Map.of("name", prop("string", "The new flow's name."),
                        "trigger", prop("string", "Optional trigger piece, e.g. webhook or schedule.")), List.of("name")),
                Level.CHANGE, "creating a flow", this::create);
        add("flow_rename", "Rename a flow.", schema(Map.of("flow", flowArg, "name", prop("string", "The new name.")),
                List.of("flow", "name")), Level.CHANGE, "renaming a flow",
                (c, a) -> operate(c, a.getString("flow"), "CHANGE_NAME", new JsonObject().put("displayName", a.getString("name"))));
        add("step_add", "Add a piece step (e.g. piece slack, action send_channel_message) at the end of a flow or after a step.",
                schema(Map.of("flow", flowArg, "piece", prop("string", "Piece name, e.g. slack, store, gmail."),
                        "action", prop("string", "The piece's action name; the first one when empty."),
                        "after", prop("string", "Step name to add after; the last step when empty."),
                        "input", new JsonObject().put("type", "object").put("description", "Values for the action's fields.")),
                        List.of("flow", "piece")), Level.CHANGE, "adding a step", this::addStep);
        add("step_update", "Change a step's fields (input) or display name.",
                schema(Map.of("flow", flowArg, "step", prop("string", "The step name, e.g. step_1."),
                        "input", new JsonObject().put("type", "object"), "displayName", prop("string", "A new display name.")),
                        List.of("flow", "step")), Level.CHANGE, "changing a step", this::updateStep);
        add("step_delete", "Delete a step from a flow.", schema(Map.of("flow", flowArg, "step", prop("string", "The step name.")),
                List.of("flow", "step")), Level.CHANGE, "deleting a step",
                (c, a) -> operate(c, a.getString("flow"), "DELETE_ACTION", new JsonObject().put("names", new JsonArray().add(a.getString("step")))));
        add("flow_publish", "Publish a flow's draft and enable it.", schema(Map.of("flow", flowArg), List.of("flow")), Level.HIGH,
                "publishing a flow", (c, a) -> operate(c, a.getString("flow"), "LOCK_AND_PUBLISH", new JsonObject()));
        add("flow_set_status", "Enable or disable a flow.", schema(Map.of("flow", flowArg,
                        "status", new JsonObject().put("type", "string").put("enum", new JsonArray().add("ENABLED").add("DISABLED"))),
                List.of("flow", "status")), Level.HIGH, "enabling or disabling a flow",
                (c, a) -> operate(c, a.getString("flow"), "CHANGE_STATUS", new JsonObject().put("status", a.getString("status"))));
        add("flow_run", "Run a flow's draft once through its webhook, with a sample payload.",
                schema(Map.of("flow", flowArg, "payload", new JsonObject().put("type", "object")), List.of("flow")), Level.HIGH,
                "running a flow (it may act on the outside world)",
                (c, a) -> resolve(c, a.getString("flow")).flatMap(id -> flows.testRun(c, id,
                        new FlowDtos.TestRunRequest(a.getJsonObject("payload", new JsonObject()).getMap())))
                        .map(r -> new JsonObject().put("runId", r.runId()).put("status", "started")));
        add("runs_list", "List a flow's recent runs.", schema(Map.of("flow", flowArg), List.of("flow")), Level.READ, "listing runs",
                (c, a) -> resolve(c, a.getString("flow")).flatMap(id -> flows.runs(c, id, null, 10))
                        .map(r -> new JsonObject().put("runs", new JsonArray(r.runs().stream().map(x -> new JsonObject()
                                .put("id", x.id()).put("status", x.status()).put("created", x.created()).put("test", x.test())).toList()))));
        add("flow_delete", "Delete a flow.", schema(Map.of("flow", flowArg), List.of("flow")), Level.HIGH, "deleting a flow",
                (c, a) -> resolve(c, a.getString("flow")).flatMap(id -> flows.delete(c, id).replaceWith(new JsonObject()
                        .put("deleted", id))));
    }

    public List<AgentTool> tools() {
        return tools;
    }

    private void add(String name, String description, JsonObject schema, Level level, String what,
                     BiFunction<Caller, JsonObject, Uni<JsonObject>> run) {
        ToolSpec spec = new ToolSpec(name, description, schema);
        tools.add(new AgentTool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public RiskPolicy.Rating rating() {
                return new RiskPolicy.Rating(level, what);
            }

            @Override
            public boolean pmosOwn() {
                return true;
            }

            @Override
            public Uni<JsonObject> run(Caller caller, JsonObject arguments, ToolContext context) {
                return run.apply(caller, arguments).invoke(result -> {
                    if (result.containsKey("flowId") && level != Level.READ) {
                        context.flowChanged(result.getString("flowId"), result.getString("name"), name);
                    }
                });
            }
        });
    }

    private Uni<JsonObject> create(Caller c, JsonObject a) {
        return flows.create(c, new FlowDtos.CreateFlowRequest(a.getString("name"))).flatMap(created -> {
            JsonObject flow = new JsonObject(created.flow());
            String trigger = a.getString("trigger");
            if (trigger == null || trigger.isBlank()) {
                return Uni.createFrom().item(summary(flow));
            }
            return piece(c, trigger).flatMap(p -> {
                JsonObject triggers = p.getJsonObject("triggers", new JsonObject());
                if (triggers.isEmpty()) {
                    return Uni.createFrom().failure(ApiException.badRequest("The piece " + p.getString("displayName") + " has no trigger."));
                }
                String triggerName = triggers.fieldNames().iterator().next();
                JsonObject request = new JsonObject().put("name", "trigger").put("type", "PIECE_TRIGGER")
                        .put("displayName", triggers.getJsonObject(triggerName).getString("displayName", triggerName))
                        .put("valid", false).put("settings", new JsonObject().put("pieceName", p.getString("name"))
                                .put("pieceVersion", "~" + p.getString("version")).put("triggerName", triggerName)
                                .put("input", new JsonObject()).put("propertySettings", new JsonObject()));
                return operate(c, flow.getString("id"), "UPDATE_TRIGGER", request);
            });
        });
    }

    private Uni<JsonObject> addStep(Caller c, JsonObject a) {
        return resolve(c, a.getString("flow")).flatMap(id -> flows.get(c, id).flatMap(answer -> {
            JsonObject flow = new JsonObject(answer.flow());
            List<String> chain = mainChain(flow);
            String after = a.getString("after", chain.get(chain.size() - 1));
            if (!allStepNames(flow).contains(after)) {
                return Uni.createFrom().failure(ApiException.badRequest("The flow has no step named '" + after + "'."));
            }
            return piece(c, a.getString("piece")).flatMap(p -> {
                JsonObject actions = p.getJsonObject("actions", new JsonObject());
                String action = a.getString("action");
                if (action == null || action.isBlank()) {
                    if (actions.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.badRequest("The piece " + p.getString("displayName") + " has no actions."));
                    }
                    // "a Slack message": prefer the piece's sending action over whatever comes first
                    action = actions.fieldNames().stream().filter(n -> n.contains("send")).findFirst()
                            .orElse(actions.fieldNames().iterator().next());
                } else if (!actions.containsKey(action)) {
                    return Uni.createFrom().failure(ApiException.badRequest("The piece " + p.getString("displayName")
                            + " has no action '" + action + "'; it has: " + String.join(", ", actions.fieldNames()) + "."));
                }
                String name = nextStepName(flow);
                JsonObject step = new JsonObject().put("name", name).put("type", "PIECE")
                        .put("displayName", actions.getJsonObject(action).getString("displayName", action)).put("valid", false)
                        .put("settings", new JsonObject().put("pieceName", p.getString("name"))
                                .put("pieceVersion", "~" + p.getString("version")).put("actionName", action)
                                .put("input", a.getJsonObject("input", new JsonObject())).put("propertySettings", new JsonObject()));
                return operate(c, id, "ADD_ACTION", new JsonObject().put("parentStep", after)
                        .put("stepLocationRelativeToParent", "AFTER").put("action", step)).map(r -> r.put("step", name));
            });
        }));
    }

    private Uni<JsonObject> updateStep(Caller c, JsonObject a) {
        return resolve(c, a.getString("flow")).flatMap(id -> flows.get(c, id).flatMap(answer -> {
            JsonObject step = findStep(new JsonObject(answer.flow()).getJsonObject("version").getJsonObject("trigger"), a.getString("step"));
            if (step == null || "trigger".equals(a.getString("step"))) {
                return Uni.createFrom().failure(ApiException.badRequest("The flow has no step named '" + a.getString("step") + "'."));
            }
            JsonObject settings = step.getJsonObject("settings", new JsonObject()).copy();
            if (a.getJsonObject("input") != null) {
                settings.put("input", settings.getJsonObject("input", new JsonObject()).copy().mergeIn(a.getJsonObject("input")));
            }
            JsonObject request = new JsonObject().put("name", step.getString("name")).put("type", step.getString("type"))
                    .put("displayName", a.getString("displayName", step.getString("displayName")))
                    .put("valid", step.getBoolean("valid", false)).put("settings", settings);
            return operate(c, id, "UPDATE_ACTION", request);
        }));
    }

    private Uni<JsonObject> operate(Caller c, String flowRef, String type, JsonObject request) {
        return resolve(c, flowRef).flatMap(id -> flows.operate(c, id, new FlowDtos.OperationRequest(type, request.getMap())))
                .map(answer -> summary(new JsonObject(answer.flow())));
    }

    /** A flow id, or the id of the flow with that exact name (case-insensitive). */
    Uni<String> resolve(Caller c, String ref) {
        if (ref == null || ref.isBlank()) {
            return Uni.createFrom().failure(ApiException.badRequest("Name the flow (its id or its name)."));
        }
        return flows.list(c, null, 100).map(list -> list.flows().stream()
                .filter(f -> f.id().equals(ref) || f.displayName() != null && f.displayName().equalsIgnoreCase(ref.strip()))
                .map(FlowDtos.FlowSummary::id).findFirst()
                .orElseThrow(() -> ApiException.notFound("There is no flow named '" + ref + "' in your workspace.")));
    }

    private Uni<JsonObject> piece(Caller c, String ref) {
        String wanted = ref == null ? "" : ref.strip().toLowerCase(Locale.ROOT);
        return pieces.list(c, null).flatMap(all -> all.stream()
                .filter(p -> p.name().equalsIgnoreCase(wanted) || p.name().toLowerCase(Locale.ROOT).endsWith("piece-" + wanted.replace(' ', '-'))
                        || p.displayName() != null && p.displayName().equalsIgnoreCase(wanted))
                .findFirst()
                .map(p -> pieces.get(c, p.name()).map(JsonObject::new))
                .orElseGet(() -> Uni.createFrom().failure(ApiException.badRequest("There is no piece called '" + ref
                        + "'. Some that exist: " + String.join(", ", all.stream().limit(10).map(FlowDtos.PieceSummary::displayName).toList()) + "."))));
    }

    static JsonObject summary(JsonObject flow) {
        JsonObject v = flow.getJsonObject("version", new JsonObject());
        return new JsonObject().put("flowId", flow.getString("id")).put("name", v.getString("displayName"))
                .put("status", flow.getString("status")).put("valid", v.getBoolean("valid", false))
                .put("steps", new JsonArray(allStepNames(flow)));
    }

    static JsonObject describe(JsonObject flow) {
        JsonObject out = summary(flow);
        JsonArray steps = new JsonArray();
        walk(flow.getJsonObject("version").getJsonObject("trigger"), s -> {
            JsonObject settings = s.getJsonObject("settings", new JsonObject());
            steps.add(new JsonObject().put("name", s.getString("name")).put("type", s.getString("type"))
                    .put("displayName", s.getString("displayName")).put("piece", settings.getString("pieceName"))
                    .put("action", settings.getString("actionName", settings.getString("triggerName")))
                    .put("valid", s.getBoolean("valid", false)));
        });
        return out.put("steps", steps);
    }

    static List<String> mainChain(JsonObject flow) {
        List<String> names = new ArrayList<>();
        for (JsonObject s = flow.getJsonObject("version").getJsonObject("trigger"); s != null; s = s.getJsonObject("nextAction")) {
            names.add(s.getString("name"));
        }
        return names;
    }

    static List<String> allStepNames(JsonObject flow) {
        List<String> names = new ArrayList<>();
        walk(flow.getJsonObject("version", new JsonObject()).getJsonObject("trigger"), s -> names.add(s.getString("name")));
        return names;
    }

    static String nextStepName(JsonObject flow) {
        int max = 0;
        for (String n : allStepNames(flow)) {
            Matcher m = STEP_NUMBER.matcher(n);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return "step_" + (max + 1);
    }

    static JsonObject findStep(JsonObject root, String name) {
        JsonObject[] found = new JsonObject[1];
        walk(root, s -> {
            if (name != null && name.equals(s.getString("name"))) {
                found[0] = s;
            }
        });
        return found[0];
    }

    private static void walk(JsonObject step, java.util.function.Consumer<JsonObject> visit) {
        for (JsonObject s = step; s != null; s = s.getJsonObject("nextAction")) {
            visit.accept(s);
            walk(s.getJsonObject("firstLoopAction"), visit);
            JsonArray children = s.getJsonArray("children");
            if (children != null) {
                for (Object child : children) {
                    if (child instanceof JsonObject c) {
                        walk(c, visit);
                    }
                }
            }
        }
    }

    private static JsonObject prop(String type, String description) {
        return new JsonObject().put("type", type).put("description", description);
    }

    private static JsonObject schema(Map<String, JsonObject> props, List<String> required) {
        JsonObject properties = new JsonObject();
        props.forEach(properties::put);
        return new JsonObject().put("type", "object").put("properties", properties)
                .put("required", new JsonArray(required)).put("additionalProperties", false);
    }
}
