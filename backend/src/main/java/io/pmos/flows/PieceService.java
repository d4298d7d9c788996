package io.pmos.flows;

import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.common.Jsons;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flows.FlowDtos.OptionsRequest;
import io.pmos.flows.FlowDtos.PieceSummary;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The pieces catalog of the workspace's Flow Pieces (cached for a few minutes per server) and dynamic dropdowns. */
@ApplicationScoped
public class PieceService {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);
    private static final Pattern PIECE_NAME = Pattern.compile("^(@[a-z0-9-]+/)?[a-z0-9][a-z0-9._-]{0,120}$");

    private final FlowTargets targets;
    private final FlowPiecesClient client;
    private final FlowService flows;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PieceService(FlowTargets targets, FlowPiecesClient client, FlowService flows) {
        this.targets = targets;
        this.client = client;
        this.flows = flows;
    }

    private record Cached(Instant at, Object value) {
    }

    public Uni<List<PieceSummary>> list(Caller caller, String search) {
        String q = search == null ? "" : search.strip();
        if (q.length() > 100) {
            return Uni.createFrom().failure(ApiException.badRequest("Query parameter 'search' must be at most 100 characters."));
        }
        return targets.of(caller.workspaceId()).flatMap(t -> cached(t.baseUrl() + "|list|" + q,
                () -> client.listPieces(t, q).map(PieceService::summaries)));
    }

    public Uni<Map<String, Object>> get(Caller caller, String name) {
        if (name == null || !PIECE_NAME.matcher(name).matches()) {
            return Uni.createFrom().failure(ApiException.notFound("No such piece."));
        }
        return targets.of(caller.workspaceId()).flatMap(t -> cached(t.baseUrl() + "|piece|" + name,
                () -> client.getPiece(t, name, null).map(Jsons::plain)))
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "piece"));
    }

    /** Dynamic dropdowns whose options come from the app account behind the step's connection. */
    private static final Set<String> ACCOUNT_DROPDOWNS = Set.of("DROPDOWN", "MULTI_SELECT_DROPDOWN", "DYNAMIC");

    /**
     * Resolves a dynamic dropdown. Flow Pieces answers {@code POST /v1/pieces/options} for a signed-in user only (an
     * API key is refused there), for a flow version of the user's project, and the options of an app's dropdown come
     * from the app account, so what is missing is said before Flow Pieces is asked: the flow, the step's connection,
     * or a connector that signs in.
     */
    public Uni<Map<String, Object>> options(Caller caller, OptionsRequest body) {
        Fields.body(body);
        Fields.required(body.pieceName(), "pieceName");
        Fields.required(body.pieceVersion(), "pieceVersion");
        Fields.required(body.actionOrTriggerName(), "actionOrTriggerName");
        Fields.required(body.propertyName(), "propertyName");
        Fields.required(body.flowId(), "flowId");
        JsonObject request = new JsonObject().put("pieceName", body.pieceName()).put("pieceVersion", body.pieceVersion())
                .put("actionOrTriggerName", body.actionOrTriggerName()).put("propertyName", body.propertyName())
                .put("input", body.input() == null ? new JsonObject() : new JsonObject(body.input()));
        if (body.searchValue() != null) {
            request.put("searchValue", body.searchValue());
        }
        return get(caller, body.pieceName())
                .invoke(piece -> requireConnection(piece, body))
                .flatMap(piece -> flows.owned(caller.workspaceId(), body.flowId()))
                .map(ref -> request.put("flowId", body.flowId()).put("flowVersionId", body.flowVersionId() != null
                        ? body.flowVersionId() : ref.flow().getJsonObject("version", new JsonObject()).getString("id")))
                .flatMap(r -> targets.of(caller.workspaceId()).flatMap(t -> {
                    if (!t.usesPassword()) {
                        return Uni.createFrom().failure(new ApiException(409, "Flow Pieces loads dropdown options only "
                                + "for a signed-in user, and this workspace connects to it with an API key, which that "
                                + "route refuses. Type the value instead, or have a workspace admin connect Flow Pieces "
                                + "with email and password in Setup.", Map.of(), "OPTIONS_NEED_USER_SIGN_IN"));
                    }
                    return client.pieceOptions(t, r).map(Jsons::plain);
                }))
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "piece"));
    }

    /** A dropdown filled from an app account needs the step's connection ({@code input.auth}) first. */
    @SuppressWarnings("unchecked")
    private static void requireConnection(Map<String, Object> piece, OptionsRequest body) {
        Map<String, Object> step = null;
        for (String kind : List.of("actions", "triggers")) {
            if (piece.get(kind) instanceof Map<?, ?> all && all.get(body.actionOrTriggerName()) instanceof Map<?, ?> found) {
                step = (Map<String, Object>) found;
                break;
            }
        }
        String pieceName = piece.get("displayName") instanceof String d && !d.isBlank() ? d : body.pieceName();
        if (step == null) {
            throw ApiException.notFound(pieceName + " has no action or trigger '" + body.actionOrTriggerName() + "'.");
        }
        if ("auth".equals(body.propertyName())) {
            return;
        }
        if (!(step.get("props") instanceof Map<?, ?> props) || !(props.get(body.propertyName()) instanceof Map<?, ?> prop)) {
            throw ApiException.notFound(pieceName + " has no field '" + body.propertyName() + "' on '"
                    + body.actionOrTriggerName() + "'.");
        }
        Object auth = piece.get("auth");
        boolean needsAccount = auth != null && !(auth instanceof List<?> l && l.isEmpty())
                && ACCOUNT_DROPDOWNS.contains(String.valueOf(prop.get("type")));
        Object chosen = body.input() == null ? null : body.input().get("auth");
        if (needsAccount && (chosen == null || chosen instanceof String c && c.isBlank())) {
            throw new ApiException(409, "Choose a " + pieceName + " connection for this step first: the options of '"
                    + (prop.get("displayName") instanceof String d ? d : body.propertyName())
                    + "' come from that account.", Map.of(), "CONNECTION_REQUIRED");
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> cached(String key, java.util.function.Supplier<Uni<T>> load) {
        Cached hit = cache.get(key);
        if (hit != null && hit.at().plus(CACHE_FOR).isAfter(Instant.now())) {
            return Uni.createFrom().item((T) hit.value());
        }
        if (cache.size() > 500) {
            cache.clear();
        }
        return load.get().invoke(v -> cache.put(key, new Cached(Instant.now(), v)))
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "piece"));
    }

    private static List<PieceSummary> summaries(JsonArray pieces) {
        List<PieceSummary> out = new ArrayList<>();
        for (Object o : pieces) {
            if (o instanceof JsonObject p) {
                out.add(new PieceSummary(p.getString("name"), p.getString("displayName"), p.getString("logoUrl"),
                        p.getString("description"), p.getString("version"), count(p.getValue("actions")),
                        count(p.getValue("triggers"))));
            }
        }
        return out;
    }

    private static int count(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof JsonObject o) {
            return o.size();
        }
        return v instanceof JsonArray a ? a.size() : 0;
    }
}
