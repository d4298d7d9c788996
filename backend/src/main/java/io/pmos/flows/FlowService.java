package io.pmos.flows;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.common.Jsons;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.flows.FlowDtos.CreateFlowRequest;
import io.pmos.flows.FlowDtos.FlowAnswer;
import io.pmos.flows.FlowDtos.FlowSummary;
import io.pmos.flows.FlowDtos.FlowsAnswer;
import io.pmos.flows.FlowDtos.LastRun;
import io.pmos.flows.FlowDtos.OperationRequest;
import io.pmos.flows.FlowDtos.RunSummary;
import io.pmos.flows.FlowDtos.RunsAnswer;
import io.pmos.flows.FlowDtos.TestRunRequest;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.live.EventLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Flows of the caller's workspace, through its Flow Pieces project: every flow or run is checked to belong to
 * that project before it is shown or changed; every change is published as a live event on {@code flow:<id>}.
 */
@ApplicationScoped
public class FlowService {

    static final String FLOW_UPDATED = "flow.updated";
    static final String FLOW_DELETED = "flow.deleted";
    static final String WEBHOOK_PIECE = "@activepieces/piece-webhook";
    /** Operations that change what runs in production: they need the publish permission. */
    static final Set<String> PUBLISHING = Set.of("LOCK_AND_PUBLISH", "CHANGE_STATUS", "LOCK_FLOW");
    private static final Pattern OPERATION_TYPE = Pattern.compile("^[A-Z][A-Z_]{2,40}$");
    private static final Pattern FLOW_ID = Pattern.compile("^[0-9A-Za-z]{1,64}$");
    private static final int TEST_RUNS_SHOWN = 10;
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");
    /** Most flows read when looking for the flow a create with an unknown outcome may have made. */
    private static final int CREATED_SEARCH_MAX = 5000;

    private final FlowTargets targets;
    private final FlowPiecesClient client;
    private final WorkspaceSettingsService settings;
    private final EventLog events;
    private final AuditService audit;
    private final Pool pool;
    private final FlowVersions versions;
    private final FlowCreateKeys createKeys;
    /** How long one create attempt holds its idempotency key: a look-up and a create, each within the budget. */
    private final java.time.Duration createHold;
    /** flow id → project id: a flow never moves between projects, so ownership checks are cached. */
    private final Map<String, String> projectOfFlow = new ConcurrentHashMap<>();

    public FlowService(FlowTargets targets, FlowPiecesClient client, WorkspaceSettingsService settings, EventLog events,
                       AuditService audit, Pool pool, FlowVersions versions, FlowCreateKeys createKeys,
                       io.pmos.config.PmosConfig config) {
        this.versions = versions;
        this.createKeys = createKeys;
        this.createHold = config.flowPieces().timeout().multipliedBy(3).plusSeconds(5);
        this.targets = targets;
        this.client = client;
        this.settings = settings;
        this.events = events;
        this.audit = audit;
        this.pool = pool;
    }

    public static String topic(String flowId) {
        return "flow:" + flowId;
    }

    public Uni<FlowsAnswer> list(Caller caller, String cursor, Integer limit) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, 100));
        // the flows and the recent runs (for each flow's last run) are asked for at the same time, not one after the
        // other; a failed runs list only leaves the last runs out
        return targets.of(caller.workspaceId()).flatMap(t -> Uni.combine().all().unis(client.listFlows(t, cursor, size),
                        client.listRuns(t, null, null, 100).onFailure().recoverWithItem(new JsonObject()))
                .with((page, runs) -> {
                    Map<String, LastRun> last = new HashMap<>();
                    JsonArray runData = runs.getJsonArray("data", new JsonArray());
                    for (Object o : runData) {
                        JsonObject r = (JsonObject) o;
                        last.putIfAbsent(r.getString("flowId"), new LastRun(r.getString("id"),
                                r.getString("status"), r.getString("created")));
                    }
                    List<FlowSummary> flows = new ArrayList<>();
                    for (Object o : page.getJsonArray("data")) {
                        JsonObject f = (JsonObject) o;
                        projectOfFlow.put(f.getString("id"), t.projectId());
                        JsonObject v = f.getJsonObject("version", new JsonObject());
                        flows.add(new FlowSummary(f.getString("id"), v.getString("displayName"),
                                f.getString("status"), f.getString("updated"), f.getString("created"),
                                f.getString("publishedVersionId"), v.getBoolean("valid", false),
                                last.get(f.getString("id"))));
                    }
                    return new FlowsAnswer(true, flows, page.getString("next"));
                })
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow")));
    }

    /** A create without a key of the caller's (the chat's tools): a retry of it is a new create. */
    public Uni<FlowAnswer> create(Caller caller, CreateFlowRequest body) {
        return create(caller, body, null);
    }

    /**
     * Creates a flow at most once per idempotency key: a retry with the key gets the flow an earlier attempt made
     * (looked up in Flow Pieces when that attempt's outcome is unknown) instead of a second one.
     */
    public Uni<FlowAnswer> create(Caller caller, CreateFlowRequest body, String idempotencyKey) {
        Fields.body(body);
        String name = Fields.required(body.displayName(), "displayName").strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "Field 'displayName' must be 1 to 200 characters, without control characters."));
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "Header 'Idempotency-Key' must be 1 to 100 letters, digits or . _ : - (a new random one per flow, reused on retries)."));
        }
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        UUID workspaceId = caller.workspaceId();
        return targets.of(workspaceId).flatMap(t -> createKeys.claim(workspaceId, key, name, createHold).flatMap(claim -> switch (claim.kind()) {
                    case DONE -> owned(workspaceId, claim.flowId()).map(ref -> new Created(ref.flow(), false));
                    case BUSY -> Uni.createFrom().<Created>failure(new ApiException(409,
                            "A create with this Idempotency-Key is still running: try again in a few seconds.",
                            Map.of("Retry-After", "5"), "FLOW_CREATE_IN_PROGRESS"));
                    case OTHER_NAME -> Uni.createFrom().<Created>failure(new ApiException(422,
                            "This Idempotency-Key was already used for a flow with another name: use a new key for a new flow.",
                            Map.of(), "IDEMPOTENCY_KEY_REUSED"));
                    case FRESH -> attemptCreate(t, workspaceId, key, name, false);
                    case RETRY -> attemptCreate(t, workspaceId, key, name, true);
                }))
                .call(created -> {
                    JsonObject flow = created.flow();
                    projectOfFlow.put(flow.getString("id"), flow.getString("projectId"));
                    return created.made() ? versions.publishIfNewer(workspaceId, flow, FLOW_UPDATED, new JsonObject()
                            .put("flow", flow).put("by", by(caller)), false) : Uni.createFrom().voidItem();
                })
                .call(created -> created.made() ? audit.record(AuditEntry.by(caller, "flow.create", AuditEntry.SUCCESS)
                        .with("flowId", created.flow().getString("id")).with("name", name)) : Uni.createFrom().voidItem())
                .flatMap(created -> events.currentSeq(topic(created.flow().getString("id"))).map(seq ->
                        new FlowAnswer(true, Jsons.plain(created.flow()), seq, FlowVersions.of(created.flow()))));
    }

    /** One attempt under a claimed key: after an unknown outcome, look for the earlier attempt's flow first. */
    private Uni<Created> attemptCreate(FlowPiecesTarget t, UUID workspaceId, String key, String name, boolean lookFirst) {
        Uni<JsonObject> earlier = lookFirst ? client.findCreated(t, key, CREATED_SEARCH_MAX) : Uni.createFrom().nullItem();
        return earlier.flatMap(found -> found != null ? Uni.createFrom().item(found) : client.createFlow(t, name, key))
                .map(flow -> new Created(flow, true))
                .call(created -> createKeys.done(workspaceId, key, created.flow().getString("id")))
                .onFailure().call(e -> createKeys.release(workspaceId, key).onFailure().recoverWithNull())
                .onFailure(FlowPiecesException.class).transform(e -> {
                    FlowPiecesException f = (FlowPiecesException) e;
                    if (f.code().equals(FlowPiecesException.OUTCOME_UNKNOWN)) {
                        return new ApiException(504, f.getMessage() + " Try again with the same Idempotency-Key (" + key
                                + "): PMOS then first looks for the flow this request may have made, and never creates it twice.",
                                Map.of("Idempotency-Key", key), f.code());
                    }
                    ApiException mapped = FlowErrors.map(f, "flow");
                    return new ApiException(mapped.status(), mapped.getMessage(), Map.of("Idempotency-Key", key), mapped.code());
                });
    }

    /** A flow a create request answers; {@code made}: this request made it (or found the one its earlier attempt made). */
    private record Created(JsonObject flow, boolean made) {
    }

    public Uni<FlowAnswer> get(Caller caller, String flowId) {
        return owned(caller.workspaceId(), flowId)
                .call(ref -> detectChange(caller.workspaceId(), ref.flow()))
                .flatMap(ref -> events.currentSeq(topic(flowId)).map(seq ->
                        new FlowAnswer(true, Jsons.plain(ref.flow()), seq, FlowVersions.of(ref.flow()))));
    }

    public Uni<Void> delete(Caller caller, String flowId) {
        return require(caller, false).chain(() -> owned(caller.workspaceId(), flowId))
                .call(ref -> client.deleteFlow(ref.target(), flowId)
                        .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow")))
                .call(ref -> versions.publishDeleted(caller.workspaceId(), ref.flow(), FLOW_DELETED,
                        new JsonObject().put("flowId", flowId).put("by", by(caller))))
                .call(ref -> audit.record(AuditEntry.by(caller, "flow.delete", AuditEntry.SUCCESS).with("flowId", flowId)
                        .with("name", ref.flow().getJsonObject("version", new JsonObject()).getString("displayName"))))
                .replaceWithVoid();
    }

    /** Applies one Flow Pieces operation for the caller, then tells every watcher of the flow. */
    public Uni<FlowAnswer> operate(Caller caller, String flowId, OperationRequest body) {
        Fields.body(body);
        String type = Fields.required(body.type(), "type");
        if (!OPERATION_TYPE.matcher(type).matches()) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'type' must be a Flow Pieces operation type such as ADD_ACTION."));
        }
        if (body.request() == null) {
            return Uni.createFrom().failure(ApiException.badRequest("Field 'request' is required: the operation's request object."));
        }
        JsonObject operation = new JsonObject().put("type", type).put("request", new JsonObject(body.request()));
        Uni<Void> allowed = PUBLISHING.contains(type) ? require(caller, true) : Uni.createFrom().voidItem();
        return allowed.chain(() -> ownedTarget(caller.workspaceId(), flowId))
                .flatMap(t -> client.applyOperation(t, flowId, operation)
                        .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow")))
                // answers of parallel operations come back in any order: an older copy than the last one published
                // is not published (the caller still gets its answer, with the topic's current number)
                .flatMap(flow -> versions.publishIfNewer(caller.workspaceId(), flow, FLOW_UPDATED,
                                new JsonObject().put("flow", flow).put("by", by(caller)).put("operation", type), true)
                        .flatMap(seq -> seq != null ? Uni.createFrom().item(seq) : events.currentSeq(topic(flowId)))
                        .map(seq -> new FlowAnswer(true, Jsons.plain(flow), seq, FlowVersions.of(flow))))
                .call(answer -> PUBLISHING.contains(type)
                        ? audit.record(AuditEntry.by(caller, "flow." + type.toLowerCase(), AuditEntry.SUCCESS)
                        .with("flowId", flowId).with("request", body.request()))
                        : Uni.createFrom().voidItem());
    }

    /** A test run of the latest draft through its webhook trigger; remembered so the runs panel can show it. */
    public Uni<FlowDtos.TestRunAnswer> testRun(Caller caller, String flowId, TestRunRequest body) {
        JsonObject payload = body == null || body.payload() == null ? new JsonObject() : new JsonObject(body.payload());
        return owned(caller.workspaceId(), flowId).flatMap(ref -> {
            JsonObject trigger = ref.flow().getJsonObject("version", new JsonObject()).getJsonObject("trigger", new JsonObject());
            JsonObject triggerSettings = trigger.getJsonObject("settings", new JsonObject());
            if (!"PIECE_TRIGGER".equals(trigger.getString("type")) || !WEBHOOK_PIECE.equals(triggerSettings.getString("pieceName"))) {
                return Uni.createFrom().failure(ApiException.conflict("A test run starts through the flow's webhook: "
                        + "choose the Webhook trigger (Catch Webhook) first. Flows with other triggers run on their own schedule or events."));
            }
            return client.triggerWebhook(ref.target(), flowId, payload, true, false)
                    .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow"))
                    .flatMap(answer -> {
                        String runId = answer.getString("runId");
                        if (runId == null) {
                            return Uni.createFrom().failure(new ApiException(502,
                                    "Flow Pieces started the run but did not say which one (no x-webhook-id header).",
                                    Map.of(), "FLOW_PIECES_BAD_RESPONSE"));
                        }
                        return pool.preparedQuery("INSERT INTO flow_test_runs (run_id, workspace_id, flow_id, created_by) "
                                        + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(runId, caller.workspaceId(), flowId, caller.userId()))
                                .replaceWith(new FlowDtos.TestRunAnswer(true, runId));
                    });
        });
    }

    public Uni<RunsAnswer> runs(Caller caller, String flowId, String cursor, Integer limit) {
        int size = limit == null ? 20 : Math.max(1, Math.min(limit, 100));
        return owned(caller.workspaceId(), flowId).flatMap(ref -> {
            Uni<JsonObject> production = client.listRuns(ref.target(), flowId, cursor, size)
                    .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow"));
            Uni<List<RunSummary>> tests = cursor != null ? Uni.createFrom().item(List.of()) : testRuns(ref.target(),
                    caller.workspaceId(), flowId);
            return production.flatMap(page -> tests.map(testList -> {
                Map<String, RunSummary> all = new LinkedHashMap<>();
                testList.forEach(r -> all.put(r.id(), r));
                for (Object o : page.getJsonArray("data", new JsonArray())) {
                    RunSummary r = summary((JsonObject) o, false);
                    all.putIfAbsent(r.id(), r);
                }
                List<RunSummary> sorted = new ArrayList<>(all.values());
                sorted.sort(Comparator.comparing((RunSummary r) -> r.created() == null ? "" : r.created()).reversed());
                return new RunsAnswer(true, sorted, page.getString("next"));
            }));
        });
    }

    /** The project's recent production runs, newest first, each with its flow's name (the Runs page). */
    public Uni<FlowDtos.RecentRunsAnswer> recentRuns(Caller caller, String cursor, Integer limit) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, 100));
        return targets.of(caller.workspaceId()).flatMap(t -> client.listRuns(t, null, cursor, size)
                .flatMap(page -> client.allFlows(t, 1000).map(flowList -> {
                    Map<String, String> names = new HashMap<>();
                    flowList.forEach(f -> names.put(f.getString("id"),
                            f.getJsonObject("version", new JsonObject()).getString("displayName")));
                    List<FlowDtos.RecentRun> runs = new ArrayList<>();
                    for (Object o : page.getJsonArray("data", new JsonArray())) {
                        JsonObject r = (JsonObject) o;
                        runs.add(new FlowDtos.RecentRun(r.getString("id"), r.getString("flowId"),
                                names.getOrDefault(r.getString("flowId"), "(deleted flow)"), r.getString("status"),
                                r.getString("created"), r.getString("startTime"), r.getString("finishTime"),
                                r.getString("environment")));
                    }
                    return new FlowDtos.RecentRunsAnswer(true, runs, page.getString("next"));
                }))
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "run")));
    }

    public Uni<FlowDtos.RunAnswer> run(Caller caller, String runId) {
        if (!FLOW_ID.matcher(runId).matches()) {
            return Uni.createFrom().failure(ApiException.notFound("No such run in your workspace."));
        }
        return targets.of(caller.workspaceId()).flatMap(t -> client.getRun(t, runId)
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "run"))
                .map(run -> {
                    if (!t.projectId().equals(run.getString("projectId"))) {
                        throw ApiException.notFound("No such run in your workspace.");
                    }
                    return new FlowDtos.RunAnswer(true, Jsons.plain(run));
                }));
    }

    /** The flow if it belongs to the workspace's project; 404 otherwise (also for ids of other workspaces). */
    public Uni<FlowRef> owned(UUID workspaceId, String flowId) {
        if (flowId == null || !FLOW_ID.matcher(flowId).matches()) {
            return Uni.createFrom().failure(ApiException.notFound("No such flow in your workspace."));
        }
        return targets.of(workspaceId).flatMap(t -> client.getFlow(t, flowId)
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "flow"))
                .map(flow -> {
                    if (!t.projectId().equals(flow.getString("projectId"))) {
                        throw ApiException.notFound("No such flow in your workspace.");
                    }
                    projectOfFlow.put(flowId, t.projectId());
                    return new FlowRef(t, flow);
                }));
    }

    private Uni<FlowPiecesTarget> ownedTarget(UUID workspaceId, String flowId) {
        return targets.of(workspaceId).flatMap(t -> t.projectId().equals(projectOfFlow.get(flowId))
                ? Uni.createFrom().item(t) : owned(workspaceId, flowId).map(FlowRef::target));
    }

    /** Publishes a change made outside PMOS (e.g. in Flow Pieces' own UI) when the flow differs from what was last seen. */
    public Uni<Void> detectChange(UUID workspaceId, JsonObject flow) {
        return versions.publishIfNewer(workspaceId, flow, FLOW_UPDATED,
                new JsonObject().put("flow", flow).put("source", "flow-pieces"), false).replaceWithVoid();
    }

    private Uni<List<RunSummary>> testRuns(FlowPiecesTarget t, UUID workspaceId, String flowId) {
        return pool.preparedQuery("SELECT run_id FROM flow_test_runs WHERE workspace_id = $1 AND flow_id = $2 "
                        + "ORDER BY created_at DESC LIMIT $3")
                .execute(Tuple.of(workspaceId, flowId, TEST_RUNS_SHOWN))
                .flatMap(rows -> {
                    List<Uni<RunSummary>> fetches = new ArrayList<>();
                    for (Row r : rows) {
                        fetches.add(client.getRun(t, r.getString("run_id")).map(run -> summary(run, true))
                                .onFailure().recoverWithNull());
                    }
                    if (fetches.isEmpty()) {
                        return Uni.createFrom().item(List.<RunSummary>of());
                    }
                    return Uni.join().all(fetches).andFailFast()
                            .map(list -> list.stream().filter(java.util.Objects::nonNull).toList());
                });
    }

    private static RunSummary summary(JsonObject r, boolean test) {
        return new RunSummary(r.getString("id"), r.getString("flowId"), r.getString("status"), r.getString("created"),
                r.getString("startTime"), r.getString("finishTime"), r.getString("environment"), test);
    }

    /** Fails with 403 unless the caller may publish (publish = true) or delete flows in this workspace. */
    private Uni<Void> require(Caller caller, boolean publish) {
        if (Roles.isAdmin(caller.role())) {
            return Uni.createFrom().voidItem();
        }
        if (!Roles.MEMBER.equals(caller.role())) {
            return Uni.createFrom().failure(ApiException.forbidden("Your role does not allow this action."));
        }
        return settings.get(caller.workspaceId()).flatMap(policy -> {
            boolean ok = publish ? policy.membersCanPublish() : policy.membersCanDelete();
            return ok ? Uni.createFrom().voidItem() : Uni.createFrom().failure(ApiException.forbidden(publish
                    ? "Only workspace admins can publish, enable or disable flows here (an admin can allow members in Members → Flow policy)."
                    : "Only workspace admins can delete flows here (an admin can allow members in Members → Flow policy)."));
        });
    }

    private static JsonObject by(Caller caller) {
        return new JsonObject().put("userId", caller.userId().toString()).put("email", caller.email());
    }

    /** A flow checked to belong to the workspace, with the target it was read through. */
    public record FlowRef(FlowPiecesTarget target, JsonObject flow) {
    }
}
