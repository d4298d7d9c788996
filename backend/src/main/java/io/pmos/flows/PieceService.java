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

    public Uni<Map<String, Object>> options(Caller caller, OptionsRequest body) {
        Fields.body(body);
        Fields.required(body.pieceName(), "pieceName");
        Fields.required(body.pieceVersion(), "pieceVersion");
        Fields.required(body.actionOrTriggerName(), "actionOrTriggerName");
        Fields.required(body.propertyName(), "propertyName");
        JsonObject request = new JsonObject().put("pieceName", body.pieceName()).put("pieceVersion", body.pieceVersion())
                .put("actionOrTriggerName", body.actionOrTriggerName()).put("propertyName", body.propertyName())
                .put("input", body.input() == null ? new JsonObject() : new JsonObject(body.input()));
        if (body.searchValue() != null) {
            request.put("searchValue", body.searchValue());
        }
        // Flow Pieces resolves options for a flow version of the caller's project: the flow is checked to be ours.
        Uni<JsonObject> withFlow = body.flowId() == null ? Uni.createFrom().item(request)
                : flows.owned(caller.workspaceId(), body.flowId()).map(ref -> request.put("flowId", body.flowId())
                .put("flowVersionId", body.flowVersionId() != null ? body.flowVersionId()
                        : ref.flow().getJsonObject("version", new JsonObject()).getString("id")));
        return withFlow.flatMap(r -> targets.of(caller.workspaceId()).flatMap(t -> client.pieceOptions(t, r).map(Jsons::plain)))
                .onFailure(FlowPiecesException.class).recoverWithUni(e -> FlowErrors.fail(e, "piece"));
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
