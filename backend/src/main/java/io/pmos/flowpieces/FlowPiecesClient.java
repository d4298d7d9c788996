package io.pmos.flowpieces;

import io.pmos.config.PmosConfig;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.NetFailure;
import io.pmos.net.OutboundPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Non-blocking client of the Flow Pieces (Activepieces) REST API. Every call has one total time budget
 * ({@code pmos.flow-pieces.timeout}) that its retries and a token renewal share; idempotent reads are retried on
 * passing failures within it; a change that runs out of time fails with {@link FlowPiecesException#OUTCOME_UNKNOWN}
 * (it may have been applied) and is never retried here. A user token (email + password mode) is cached and renewed
 * once on 401; failures become {@link FlowPiecesException} with a stable code.
 */
@ApplicationScoped
public class FlowPiecesClient {

    private static final int MAX_MESSAGE = 300;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** The metadata key that carries a create's idempotency key (Flow Pieces' create has no external id field). */
    public static final String CREATE_KEY = "pmosCreateKey";

    private final WebClient web;
    private final OutboundPolicy policy;
    /** Null only in tests that build the client by hand. */
    private final io.pmos.metrics.PmosMetrics metrics;
    private final Duration timeout;
    private final int readRetries;
    private final ConcurrentMap<String, String> tokens = new ConcurrentHashMap<>();

    public FlowPiecesClient(Vertx vertx, PmosConfig config, OutboundPolicy policy) {
        this(vertx, config, policy, null);
    }

    @jakarta.inject.Inject
    public FlowPiecesClient(Vertx vertx, PmosConfig config, OutboundPolicy policy, io.pmos.metrics.PmosMetrics metrics) {
        this.metrics = metrics;
        this.policy = policy;
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.flowPieces().connectTimeout().toMillis())
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setMaxPoolSize(16)
                .setUserAgent("pmos"));
        this.timeout = config.flowPieces().timeout();
        this.readRetries = config.flowPieces().readRetries();
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** Public server flags (EDITION, CURRENT_VERSION, ...); proves that the URL is a Flow Pieces server. */
    public Uni<JsonObject> flags(FlowPiecesTarget t, Duration limit) {
        return send(t, HttpMethod.GET, "/v1/flags", Map.of(), null, false, limit, false)
                .map(r -> {
                    JsonObject flags = object(r, "flags");
                    if (!flags.containsKey("EDITION") && !flags.containsKey("CURRENT_VERSION")) {
                        throw new FlowPiecesException(FlowPiecesException.NOT_FLOW_PIECES, r.statusCode(),
                                t.baseUrl() + " answered, but not like a Flow Pieces (Activepieces) server.");
                    }
                    return flags;
                })
                .onFailure(e -> e instanceof FlowPiecesException f && f.code().equals(FlowPiecesException.NOT_FOUND))
                .transform(e -> new FlowPiecesException(FlowPiecesException.NOT_FLOW_PIECES, 404,
                        "There is no Flow Pieces API at " + t.baseUrl() + " (nothing at /api/v1/flags)."));
    }

    /** Signs in with email and password; caches the token for later calls and returns the sign-in answer. */
    public Uni<JsonObject> signIn(FlowPiecesTarget t, Duration limit) {
        JsonObject body = new JsonObject().put("email", t.email()).put("password", t.password());
        return send(t, HttpMethod.POST, "/v1/authentication/sign-in", Map.of(), body, false, limit, false)
                .map(r -> {
                    JsonObject answer = object(r, "sign-in");
                    String token = answer.getString("token");
                    if (token == null || token.isBlank()) {
                        throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, r.statusCode(),
                                "Flow Pieces accepted the sign-in but returned no token.");
                    }
                    rememberToken(t, token);
                    return answer;
                });
    }

    public Uni<JsonObject> listFlows(FlowPiecesTarget t, String cursor, int limit) {
        return readPage(t, "/v1/flows", cursor, limit, Map.of());
    }

    /** Every flow of the project, following SeekPage cursors up to {@code max} items. */
    public Uni<List<JsonObject>> allFlows(FlowPiecesTarget t, int max) {
        return collect(t, "/v1/flows", Map.of(), null, new ArrayList<>(), max);
    }

    /**
     * Counts the project's flows with one timeout per page and no retries (the connector test): a 404 for the
     * project's list means the project does not exist.
     */
    public Uni<Integer> countFlows(FlowPiecesTarget t, Duration limit, int max) {
        return countFrom(t, limit, null, 0, max);
    }

    private Uni<Integer> countFrom(FlowPiecesTarget t, Duration limit, String cursor, int counted, int max) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("projectId", t.projectId());
        q.put("limit", "100");
        if (cursor != null) {
            q.put("cursor", cursor);
        }
        return send(t, HttpMethod.GET, "/v1/flows", q, null, true, limit, true).flatMap(r -> {
            if (r.statusCode() == 404) {
                throw new FlowPiecesException(FlowPiecesException.PROJECT_NOT_FOUND, 404,
                        "Flow Pieces has no project " + t.projectId() + ".");
            }
            JsonObject page = object(r, "project");
            if (!(page.getValue("data") instanceof JsonArray data)) {
                throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, r.statusCode(),
                        "Flow Pieces answered a list without its 'data' items.");
            }
            int total = counted + data.size();
            String next = page.getString("next");
            return next == null || next.isBlank() || total >= max ? Uni.createFrom().item(Math.min(total, max))
                    : countFrom(t, limit, next, total, max);
        });
    }

    public Uni<JsonObject> getFlow(FlowPiecesTarget t, String flowId) {
        return read(t, "/v1/flows/" + flowId, Map.of());
    }

    /**
     * Creates a flow that carries {@code createKey} in its metadata, so that {@link #findCreated} can tell later
     * whether a create whose answer was lost was applied.
     */
    public Uni<JsonObject> createFlow(FlowPiecesTarget t, String displayName, String createKey) {
        JsonObject body = new JsonObject().put("displayName", displayName).put("projectId", t.projectId())
                .put("metadata", new JsonObject().put(CREATE_KEY, createKey));
        return write(t, HttpMethod.POST, "/v1/flows", body);
    }

    /** The earliest flow of the project created with this create key, or null (reads every page, up to {@code max} flows). */
    public Uni<JsonObject> findCreated(FlowPiecesTarget t, String createKey, int max) {
        return allFlows(t, max).map(flows -> flows.stream()
                .filter(f -> f.getValue("metadata") instanceof JsonObject m && createKey.equals(m.getValue(CREATE_KEY)))
                .min(java.util.Comparator.comparing((JsonObject f) -> f.getString("created", "")))
                .orElse(null));
    }

    public Uni<Void> deleteFlow(FlowPiecesTarget t, String flowId) {
        return budgeted(t, false, true, limit -> send(t, HttpMethod.DELETE, "/v1/flows/" + flowId, Map.of(), null, true, limit, true))
                .map(r -> expect(r, "flow")).replaceWithVoid();
    }

    /** Applies one flow operation ({type, request}); answers the updated PopulatedFlow. */
    public Uni<JsonObject> applyOperation(FlowPiecesTarget t, String flowId, JsonObject operation) {
        return write(t, HttpMethod.POST, "/v1/flows/" + flowId, operation);
    }

    public Uni<JsonObject> listRuns(FlowPiecesTarget t, String flowId, String cursor, int limit) {
        Map<String, String> q = flowId == null ? Map.of() : Map.of("flowId", flowId);
        return readPage(t, "/v1/flow-runs", cursor, limit, q);
    }

    public Uni<JsonObject> getRun(FlowPiecesTarget t, String runId) {
        return read(t, "/v1/flow-runs/" + runId, Map.of());
    }

    public Uni<JsonObject> retryRun(FlowPiecesTarget t, String runId, String strategy) {
        JsonObject body = new JsonObject().put("strategy", strategy).put("projectId", t.projectId());
        return write(t, HttpMethod.POST, "/v1/flow-runs/" + runId + "/retry", body);
    }

    public Uni<JsonArray> listPieces(FlowPiecesTarget t, String search) {
        Map<String, String> q = search == null || search.isBlank() ? Map.of() : Map.of("searchQuery", search);
        return budgeted(t, true, false, limit -> send(t, HttpMethod.GET, "/v1/pieces", q, null, true, limit, true)
                .map(r -> array(r, "pieces")));
    }

    public Uni<JsonObject> getPiece(FlowPiecesTarget t, String pieceName, String version) {
        Map<String, String> q = version == null ? Map.of() : Map.of("version", version);
        return budgeted(t, true, false, limit -> send(t, HttpMethod.GET, "/v1/pieces/" + encodePath(pieceName), q, null,
                true, limit, true).map(r -> object(r, "piece")));
    }

    /**
     * The project with this external id on the platform, created when missing (platform API key only). PMOS uses
     * it to give each workspace its own project on a shared Flow Pieces.
     */
    public Uni<String> projectFor(FlowPiecesTarget t, String externalId, String displayName) {
        Uni<String> find = send(t, HttpMethod.GET, "/v1/projects", Map.of("externalId", externalId, "limit", "1"),
                null, true, timeout, false)
                .map(r -> {
                    JsonArray data = object(r, "project list").getJsonArray("data", new JsonArray());
                    return data.isEmpty() ? null : data.getJsonObject(0).getString("id");
                });
        return find.flatMap(id -> id != null ? Uni.createFrom().item(id)
                : send(t, HttpMethod.POST, "/v1/projects", Map.of(),
                        new JsonObject().put("displayName", displayName).put("externalId", externalId), true, timeout, false)
                        .flatMap(r -> r.statusCode() == 409 ? find : Uni.createFrom().item(object(r, "project").getString("id"))));
    }

    /**
     * A new API key that opens this one project only (the local Flow Pieces' POST /v1/projects/{id}/api-keys,
     * platform API key only). PMOS stores it in the workspace, never the platform key.
     */
    public Uni<String> projectKey(FlowPiecesTarget platform, String projectId) {
        return send(platform, HttpMethod.POST, "/v1/projects/" + encodePath(projectId) + "/api-keys", Map.of(),
                new JsonObject().put("displayName", "PMOS workspace key"), true, timeout, false)
                .map(r -> {
                    String value = object(r, "project API key").getString("value");
                    if (value == null || value.isBlank()) {
                        throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, r.statusCode(),
                                "Flow Pieces answered without the project's API key.");
                    }
                    return value;
                });
    }

    /** Resolves a dynamic dropdown (POST /v1/pieces/options); Flow Pieces needs the project and flow for it. */
    public Uni<JsonObject> pieceOptions(FlowPiecesTarget t, JsonObject request) {
        // a POST, but it changes nothing: a timeout is just slow, not an unknown outcome
        JsonObject body = request.copy().put("projectId", t.projectId());
        return budgeted(t, false, false, limit -> send(t, HttpMethod.POST, "/v1/pieces/options", Map.of(), body, true, limit, true)
                .map(r -> object(r, "answer")));
    }

    public Uni<JsonObject> listConnections(FlowPiecesTarget t, String cursor, int limit) {
        return readPage(t, "/v1/app-connections", cursor, limit, Map.of());
    }

    /** Calls a flow's webhook (draft = the latest draft; sync = wait for the flow's response). */
    public Uni<JsonObject> triggerWebhook(FlowPiecesTarget t, String flowId, JsonObject payload, boolean draft, boolean sync) {
        String path = "/v1/webhooks/" + flowId + (draft ? "/draft" : "") + (sync ? "/sync" : "");
        return budgeted(t, false, true, limit -> send(t, HttpMethod.POST, path, Map.of(), payload, false, limit, false))
                .map(r -> {
                    expect(r, "flow");
                    String text = r.bodyAsString();
                    JsonObject out = new JsonObject().put("status", r.statusCode());
                    if (r.getHeader("x-webhook-id") != null) {
                        out.put("runId", r.getHeader("x-webhook-id"));
                    }
                    if (text != null && !text.isBlank()) {
                        try {
                            out.put("body", new JsonObject(text));
                        } catch (DecodeException e) {
                            out.put("body", text.length() > 2000 ? text.substring(0, 2000) : text);
                        }
                    }
                    return out;
                });
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private Uni<JsonObject> read(FlowPiecesTarget t, String path, Map<String, String> query) {
        return budgeted(t, true, false, limit -> send(t, HttpMethod.GET, path, query, null, true, limit, true)
                .map(r -> object(r, "answer")));
    }

    private Uni<JsonObject> readPage(FlowPiecesTarget t, String path, String cursor, int limit, Map<String, String> extra) {
        Map<String, String> q = new LinkedHashMap<>(extra);
        q.put("projectId", t.projectId());
        q.put("limit", Integer.toString(limit));
        if (cursor != null) {
            q.put("cursor", cursor);
        }
        return read(t, path, q).map(page -> {
            if (!(page.getValue("data") instanceof JsonArray)) {
                throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, 200,
                        "Flow Pieces answered a list without its 'data' items.");
            }
            return page;
        });
    }

    private Uni<List<JsonObject>> collect(FlowPiecesTarget t, String path, Map<String, String> extra, String cursor,
                                          List<JsonObject> acc, int max) {
        return readPage(t, path, cursor, 100, extra).flatMap(page -> {
            for (Object o : page.getJsonArray("data")) {
                if (acc.size() < max && o instanceof JsonObject item) {
                    acc.add(item);
                }
            }
            String next = page.getString("next");
            if (next == null || next.isBlank() || acc.size() >= max) {
                return Uni.createFrom().item(acc);
            }
            return collect(t, path, extra, next, acc, max);
        });
    }

    private Uni<JsonObject> write(FlowPiecesTarget t, HttpMethod method, String path, JsonObject body) {
        return budgeted(t, false, true, limit -> send(t, method, path, Map.of(), body, true, limit, true)
                .map(r -> object(r, "answer")));
    }

    /**
     * One call within one total time budget, retries and a token renewal included: each attempt gets what is left
     * of it, so "did not answer within N s" is true. A change ({@code change}) that runs out of time, or whose
     * connection closes before the answer, may have been applied: it fails with OUTCOME_UNKNOWN instead.
     */
    private <T> Uni<T> budgeted(FlowPiecesTarget t, boolean retry, boolean change, java.util.function.Function<Duration, Uni<T>> attempt) {
        Duration budget = timeout;
        return Uni.createFrom().deferred(() -> {
            long deadline = System.nanoTime() + budget.toNanos();
            Uni<T> one = Uni.createFrom().deferred(() -> {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                // a Vert.x timeout of 0 would mean "none": an exhausted budget fails here instead
                return leftMillis < 1 ? Uni.createFrom().failure(new FlowPiecesException(FlowPiecesException.TIMEOUT, 0, ""))
                        : attempt.apply(Duration.ofMillis(leftMillis));
            });
            Uni<T> tried = retry ? one.onFailure(this::retryable).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(readRetries) : one;
            return tried
                    .ifNoItem().after(budget).failWith(() -> new FlowPiecesException(FlowPiecesException.TIMEOUT, 0, ""))
                    .onFailure(e -> e instanceof FlowPiecesException f && (f.code().equals(FlowPiecesException.TIMEOUT)
                            || change && f.code().equals(FlowPiecesException.BAD_RESPONSE) && f.httpStatus() == 0))
                    .transform(e -> outOfTime(t, budget, change, (FlowPiecesException) e));
        });
    }

    private static FlowPiecesException outOfTime(FlowPiecesTarget t, Duration budget, boolean change, FlowPiecesException e) {
        String where = hostPort(t.baseUrl());
        boolean timedOut = e.code().equals(FlowPiecesException.TIMEOUT);
        if (!change) {
            return new FlowPiecesException(FlowPiecesException.TIMEOUT, 0,
                    "Flow Pieces at " + where + " did not answer within " + seconds(budget) + ", retries included.");
        }
        return new FlowPiecesException(FlowPiecesException.OUTCOME_UNKNOWN, 0, (timedOut
                ? "Flow Pieces at " + where + " did not answer within " + seconds(budget)
                : "Flow Pieces at " + where + " closed the connection before answering")
                + ", so the change may or may not have been applied.");
    }

    /** "10 s", "1.5 s": the budget as a person reads it. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
    }

    private boolean retryable(Throwable e) {
        return e instanceof FlowPiecesException f && f.isTransient();
    }

    /** Sends one request; in password mode a 401 drops the cached token, signs in again and retries once. */
    private Uni<HttpResponse<Buffer>> send(FlowPiecesTarget t, HttpMethod method, String path, Map<String, String> query,
                                           JsonObject body, boolean auth, Duration limit, boolean projectScoped) {
        Uni<HttpResponse<Buffer>> call = exchange(t, method, path, query, body, auth, limit, projectScoped);
        return metrics == null ? call : metrics.flowPiecesCall(method.name(), hostPort(t.baseUrl()), call, FlowPiecesClient::outcome,
                e -> e instanceof FlowPiecesException f ? f.code() : "ERROR");
    }

    /** The metrics outcome of an answer that passed {@link #check}: as {@link #expect} will classify it. */
    private static String outcome(HttpResponse<Buffer> r) {
        int s = r.statusCode();
        return s == 404 || s == 410 ? FlowPiecesException.NOT_FOUND : s >= 300 ? FlowPiecesException.REJECTED
                : io.pmos.metrics.PmosMetrics.OK;
    }

    private Uni<HttpResponse<Buffer>> exchange(FlowPiecesTarget t, HttpMethod method, String path, Map<String, String> query,
                                               JsonObject body, boolean auth, Duration limit, boolean projectScoped) {
        Uni<HttpResponse<Buffer>> first = token(t, auth, limit)
                .flatMap(token -> once(t, method, path, query, body, token, limit));
        if (!auth || !t.usesPassword()) {
            return first.map(r -> check(t, r, projectScoped));
        }
        return first.flatMap(r -> {
            if (r.statusCode() != 401) {
                return Uni.createFrom().item(r);
            }
            tokens.remove(tokenKey(t));
            return signIn(t, limit).flatMap(in -> once(t, method, path, query, body, tokens.get(tokenKey(t)), limit));
        }).map(r -> check(t, r, projectScoped));
    }

    private Uni<String> token(FlowPiecesTarget t, boolean auth, Duration limit) {
        if (!auth) {
            return Uni.createFrom().nullItem();
        }
        if (!t.usesPassword()) {
            return Uni.createFrom().item(t.apiKey());
        }
        String cached = tokens.get(tokenKey(t));
        return cached != null ? Uni.createFrom().item(cached)
                : signIn(t, limit).map(in -> tokens.get(tokenKey(t)));
    }

    private Uni<HttpResponse<Buffer>> once(FlowPiecesTarget t, HttpMethod method, String path, Map<String, String> query,
                                           JsonObject body, String token, Duration limit) {
        String url = apiBase(t.baseUrl()) + path;
        // the connection goes to the address the policy checked; Host and TLS keep the configured name
        return policy.vet(url).flatMap(vetted -> {
            HttpRequest<Buffer> request = web.requestAbs(method, vetted.mutinyServer(), url).timeout(limit.toMillis());
            query.forEach(request::addQueryParam);
            if (token != null) {
                request.putHeader("Authorization", "Bearer " + token);
            }
            request.putHeader("Accept", "application/json");
            return body == null ? request.send() : request.sendJsonObject(body);
        }).onFailure().transform(e -> network(t, e, limit));
    }

    private static HttpResponse<Buffer> check(FlowPiecesTarget t, HttpResponse<Buffer> r, boolean projectScoped) {
        int s = r.statusCode();
        if (s == 401) {
            throw new FlowPiecesException(FlowPiecesException.AUTH_FAILED, s, t.usesPassword()
                    ? "Flow Pieces refused the email and password."
                    : "Flow Pieces refused the API key.");
        }
        if (s == 403) {
            throw projectScoped
                    ? new FlowPiecesException(FlowPiecesException.PROJECT_NOT_FOUND, s,
                    "These credentials have no access to project " + t.projectId() + ".")
                    : new FlowPiecesException(FlowPiecesException.AUTH_FAILED, s, "Flow Pieces refused access.");
        }
        if (s >= 500) {
            throw new FlowPiecesException(FlowPiecesException.SERVER_ERROR, s, "Flow Pieces had an internal error (HTTP " + s + ").");
        }
        return r;
    }

    private static HttpResponse<Buffer> expect(HttpResponse<Buffer> r, String what) {
        int s = r.statusCode();
        if (s == 404 || s == 410) {
            throw new FlowPiecesException(FlowPiecesException.NOT_FOUND, s, "Flow Pieces has no such " + what + ".");
        }
        if (s >= 400) {
            throw new FlowPiecesException(FlowPiecesException.REJECTED, s, "Flow Pieces refused the request: " + serverMessage(r));
        }
        if (s >= 300) {
            throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, s, "Flow Pieces answered with a redirect (HTTP " + s
                    + " to " + r.getHeader("Location") + "); use the final address as the URL.");
        }
        return r;
    }

    private static JsonObject object(HttpResponse<Buffer> r, String what) {
        expect(r, what);
        try {
            return r.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, r.statusCode(),
                    "Flow Pieces answered something that is not the expected JSON object.");
        }
    }

    private static JsonArray array(HttpResponse<Buffer> r, String what) {
        expect(r, what);
        try {
            return r.bodyAsJsonArray();
        } catch (DecodeException | ClassCastException e) {
            throw new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, r.statusCode(),
                    "Flow Pieces answered something that is not the expected JSON list.");
        }
    }

    /** The server's own explanation of a 4xx, cut short; Flow Pieces errors carry {message} or {params}. */
    static String serverMessage(HttpResponse<Buffer> r) {
        String text = r.bodyAsString();
        String message = null;
        if (text != null) {
            try {
                JsonObject o = new JsonObject(text);
                message = o.getString("message");
                if (message == null && o.getValue("params") != null) {
                    message = String.valueOf(o.getValue("params"));
                }
                if (message == null) {
                    message = o.getString("code", o.getString("error"));
                }
            } catch (DecodeException | ClassCastException e) {
                message = null;
            }
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + r.statusCode();
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }

    private static FlowPiecesException network(FlowPiecesTarget t, Throwable e, Duration limit) {
        if (e instanceof FlowPiecesException f) {
            return f;
        }
        if (e instanceof AddressNotAllowedException) {
            return new FlowPiecesException(AddressNotAllowedException.CODE, 0, AddressNotAllowedException.MESSAGE);
        }
        String where = hostPort(t.baseUrl());
        return switch (NetFailure.of(e)) {
            case HOST_NOT_FOUND -> new FlowPiecesException(FlowPiecesException.HOST_NOT_FOUND, 0,
                    "The host in " + t.baseUrl() + " could not be found.");
            case CONNECTION_REFUSED -> new FlowPiecesException(FlowPiecesException.CONNECTION_REFUSED, 0,
                    "Nothing accepted the connection at " + where + ".");
            case TIMEOUT -> new FlowPiecesException(FlowPiecesException.TIMEOUT, 0,
                    "Flow Pieces at " + where + " did not answer within " + seconds(limit) + ".");
            case TLS -> new FlowPiecesException(FlowPiecesException.TLS_FAILED, 0,
                    "The secure connection to " + where + " failed (certificate or TLS settings).");
            case CLOSED -> new FlowPiecesException(FlowPiecesException.BAD_RESPONSE, 0,
                    "Flow Pieces at " + where + " closed the connection before answering completely.");
            case UNREACHABLE, OTHER -> new FlowPiecesException(FlowPiecesException.UNREACHABLE, 0,
                    "Flow Pieces at " + where + " could not be reached.");
        };
    }

    /** Accepts the server root, or a URL already ending in /api or /api/v1. */
    static String apiBase(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (b.endsWith("/api/v1")) {
            b = b.substring(0, b.length() - 3);
        }
        return b.endsWith("/api") ? b : b + "/api";
    }

    static String hostPort(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
            return u.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String encodePath(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String tokenKey(FlowPiecesTarget t) {
        return t.cacheKey() + "|" + t.baseUrl() + "|" + t.email();
    }

    /** Caches the user token for a target's later calls. */
    void rememberToken(FlowPiecesTarget t, String token) {
        tokens.put(tokenKey(t), token);
    }

    /** Forgets the cached user token of a connector (its settings changed). */
    public void forget(String cacheKey) {
        tokens.keySet().removeIf(k -> k.startsWith(cacheKey + "|"));
    }
}
