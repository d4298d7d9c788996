package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.OutboundPolicy;
import io.pmos.net.Vetted;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One live MCP session with one server over Streamable HTTP: requests as POSTs answered in JSON or SSE, server
 * notifications and requests seen on the way, session renewal when the server forgets us, stream resumption,
 * timeouts with cancellation, and the size cap. Obtained from {@link McpClient#connect}; safe to share between
 * callers. Every network callback of a session runs on its own Vert.x event-loop context and never blocks.
 */
public final class McpSession {

    /** The protocol revision PMOS asks for; the server may choose any of {@link #SUPPORTED_PROTOCOLS}. */
    public static final String LATEST_PROTOCOL = "2025-11-25";
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private static final Logger LOG = Logger.getLogger(McpSession.class);
    private static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    // visible ASCII only, as the transport spec requires; anything else could smuggle headers
    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7E]{1,1024}");
    private static final long DEFAULT_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 30_000;
    private static final int ERROR_BODY_BYTES = 8192;
    private static final int PROBE_BYTES = 65_536;
    private static final long PROBE_MS = 5000;
    /** How long a stream may stay open after its answer before PMOS drops the connection to free it. */
    private static final long LINGER_MS = 5000;

    private final McpEndpoint endpoint;
    private final McpSettings settings;
    private final OutboundPolicy policy;
    private final Vertx vertx;
    private final HttpClient http;
    private final WebClient web;
    private final Context context;
    private final String userAgent;

    // guarded by this
    private long nextId = 1;
    private int generation;
    private Uni<Void> renewal;
    private final Set<Call> inFlight = new HashSet<>();

    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile McpInitializeResult initializeResult;
    private volatile boolean closed;
    private volatile McpException lost;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile Consumer<JsonNode> notificationListener;
    private volatile io.pmos.metrics.PmosMetrics metrics;

    McpSession(McpEndpoint endpoint, McpSettings settings, OutboundPolicy policy, Vertx vertx, HttpClient http,
               WebClient web, Context context) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.policy = policy;
        this.vertx = vertx;
        this.http = http;
        this.web = web;
        this.context = context;
        this.userAgent = "pmos/" + settings.clientVersion();
    }

    public McpEndpoint endpoint() {
        return endpoint;
    }

    /** The handshake result of the current (possibly renewed) session. */
    public McpInitializeResult initializeResult() {
        return initializeResult;
    }

    public String protocolVersion() {
        return initializeResult == null ? null : initializeResult.protocolVersion();
    }

    /** False once closed, or once the server forgot the session and a new one could not be started. */
    public boolean isOpen() {
        return !closed && lost == null;
    }

    /**
     * Receives server notifications other than progress for a running request (e.g. notifications/message,
     * notifications/tools/list_changed), as JSON-RPC objects, on the session's event loop.
     */
    public void onNotification(Consumer<JsonNode> listener) {
        this.notificationListener = listener;
    }

    /** All tools, following nextCursor page by page (at most pmos.mcp.max-tool-pages pages). */
    public Uni<List<McpTool>> listTools() {
        return listTools(true);
    }

    public Uni<McpToolResult> callTool(String name, JsonNode arguments) {
        return callTool(name, arguments, McpCallOptions.defaults());
    }

    /**
     * Calls a tool. A progress token is always sent, so the server's progress notifications reach
     * {@code options.onProgress()} and push the deadline out (up to pmos.mcp.max-request-time).
     */
    public Uni<McpToolResult> callTool(String name, JsonNode arguments, McpCallOptions options) {
        if (name == null || name.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("tool name is required"));
        }
        if (arguments != null && !arguments.isObject()) {
            return Uni.createFrom().failure(new IllegalArgumentException("tool arguments must be a JSON object"));
        }
        ObjectNode params = JsonRpc.object().put("name", name);
        params.set("arguments", arguments == null ? JsonRpc.object() : arguments.deepCopy());
        return request("tools/call", params, options).map(this::toolResult);
    }

    public Uni<Void> ping() {
        return request("ping", JsonRpc.object(), McpCallOptions.defaults()).replaceWithVoid();
    }

    /**
     * Any JSON-RPC request; the result object, or an {@link McpException}. If the server forgot the session, a new
     * one is started and the request sent once more (it had been refused, so it never ran).
     */
    public Uni<JsonNode> request(String method, JsonNode params, McpCallOptions options) {
        return send(method, params, options == null ? McpCallOptions.defaults() : options, true);
    }

    /** Ends the session: in-flight requests fail with MCP_SESSION_CLOSED and the server gets a DELETE. Never fails. */
    public Uni<Void> close() {
        List<Call> running;
        String sid;
        String version;
        synchronized (this) {
            if (closed) {
                return Uni.createFrom().voidItem();
            }
            closed = true;
            running = new ArrayList<>(inFlight);
            sid = sessionId;
            version = protocolVersion;
        }
        McpException error = closedError();
        running.forEach(call -> context.runOnContext(v -> call.abortWith(error)));
        return delete(sid, version);
    }

    @Override
    public String toString() {
        return "McpSession[" + endpoint.displayUrl() + ", protocol=" + protocolVersion() + ", open=" + isOpen() + "]";
    }

    // ---- package-private hooks for McpClient, McpSessions and tests

    Uni<McpSession> open() {
        return initialize().replaceWith(this);
    }

    /** Times every JSON-RPC request of this session into {@code metrics} (null: not measured). */
    McpSession observedBy(io.pmos.metrics.PmosMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    private <T> Uni<T> measured(String method, Uni<T> call) {
        io.pmos.metrics.PmosMetrics m = metrics;
        return m == null ? call : m.mcpCall(method, endpoint.hostAndPort(), call, e -> e instanceof McpException x ? x.code().name() : "ERROR");
    }

    String sessionId() {
        return sessionId;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }

    // ---- handshake and renewal

    private Uni<Void> initialize() {
        ObjectNode params = JsonRpc.object().put("protocolVersion", LATEST_PROTOCOL);
        params.set("capabilities", JsonRpc.object());
        params.set("clientInfo", JsonRpc.object().put("name", "pmos").put("version", settings.clientVersion()));
        return measured("initialize", exchange("initialize", params, McpCallOptions.defaults()))
                .map(this::adopt)
                .flatMap(version -> postMessage(JsonRpc.notification("notifications/initialized", null),
                        "notifications/initialized", sessionId, version))
                .onFailure(SessionGone.class).transform(e -> error(McpErrorCode.MCP_SESSION_LOST,
                        "The MCP server at " + endpoint.displayUrl() + " forgot the session right after starting it."));
    }

    /** Takes over the server's handshake answer; returns the negotiated version. */
    private String adopt(Reply reply) {
        JsonNode result = reply.result();
        if (result == null || !result.isObject() || !result.path("protocolVersion").isTextual()) {
            throw bad("answered initialize without a protocol version, so it is not an MCP server PMOS can use");
        }
        String version = result.get("protocolVersion").asText();
        String sid = reply.sessionId();
        if (sid != null && !SESSION_ID.matcher(sid).matches()) {
            throw bad("sent a session id with characters the protocol does not allow");
        }
        if (!SUPPORTED_PROTOCOLS.contains(version)) {
            if (sid != null) {
                delete(sid, version).subscribe().with(v -> { });
            }
            throw error(McpErrorCode.MCP_UNSUPPORTED_VERSION, "The MCP server at " + endpoint.displayUrl()
                    + " chose protocol version '" + Texts.serverText(version) + "'; PMOS speaks "
                    + String.join(", ", SUPPORTED_PROTOCOLS) + ".");
        }
        JsonNode info = result.path("serverInfo");
        McpServerInfo serverInfo = new McpServerInfo(text(info, "name"), text(info, "title"), text(info, "version"));
        JsonNode capabilities = result.path("capabilities").isObject() ? result.get("capabilities") : JsonRpc.object();
        McpInitializeResult handshake = new McpInitializeResult(version, serverInfo, capabilities,
                text(result, "instructions"));
        synchronized (this) {
            if (closed) {
                // closed while the handshake ran: end the server side too instead of leaking it
                delete(sid, version).subscribe().with(v -> { });
                throw closedError();
            }
            sessionId = sid;
            protocolVersion = version;
            initializeResult = handshake;
            generation++;
        }
        LOG.debugf("MCP session started with %s (%s %s, protocol %s, %s)", endpoint.displayUrl(), serverInfo.name(),
                serverInfo.version(), version, sid == null ? "no session id" : "session id set");
        return version;
    }

    /** Starts a new session after the server forgot the one {@code gone} was sent with; shared by concurrent callers. */
    private Uni<Void> renew(SessionGone gone) {
        synchronized (this) {
            if (closed) {
                return Uni.createFrom().failure(closedError());
            }
            if (lost != null) {
                return Uni.createFrom().failure(lost);
            }
            if (generation != gone.generation) {
                return Uni.createFrom().voidItem(); // someone else already renewed it
            }
            if (renewal == null) {
                LOG.debugf("MCP server %s forgot the session (HTTP %d); starting a new one", endpoint.displayUrl(),
                        gone.status);
                sessionId = null;
                protocolVersion = null;
                renewal = initialize()
                        .onFailure().transform(e -> {
                            McpException failure = error(McpErrorCode.MCP_SESSION_LOST, "The MCP server at "
                                    + endpoint.displayUrl() + " ended the session, and starting a new one failed: "
                                    + (e instanceof McpException m ? m.getMessage() : "unexpected failure."));
                            lost = failure;
                            return failure;
                        })
                        .onTermination().invoke(() -> {
                            synchronized (this) {
                                renewal = null;
                            }
                        })
                        .memoize().indefinitely();
            }
            return renewal;
        }
    }

    private synchronized Uni<Void> pendingRenewal() {
        // a request started while a renewal runs waits for it, else it would go out without a session id
        return renewal == null ? Uni.createFrom().voidItem() : renewal.onFailure().recoverWithNull();
    }

    private Uni<JsonNode> send(String method, JsonNode params, McpCallOptions options, boolean retryAfterRenewal) {
        lastUsedNanos = System.nanoTime();
        return measured(method, sendOnce(method, params, options, retryAfterRenewal));
    }

    private Uni<JsonNode> sendOnce(String method, JsonNode params, McpCallOptions options, boolean retryAfterRenewal) {
        return Uni.createFrom().deferred(this::pendingRenewal)
                .chain(() -> exchange(method, params, options))
                .map(Reply::result)
                .onFailure(SessionGone.class).recoverWithUni(e -> renew((SessionGone) e).chain(() -> {
                    if (!retryAfterRenewal) {
                        return Uni.createFrom().failure(new SessionRenewed());
                    }
                    return exchange(method, params, options).map(Reply::result)
                            .onFailure(SessionGone.class).transform(again -> {
                                SessionGone g = (SessionGone) again;
                                return error(McpErrorCode.MCP_SESSION_LOST, "The MCP server at "
                                        + endpoint.displayUrl() + " refused '" + method
                                        + "' again right after PMOS started a new session (HTTP " + g.status
                                        + (g.serverMessage == null ? "" : ": " + g.serverMessage) + ").");
                            });
                }));
    }

    private Uni<List<McpTool>> listTools(boolean mayRestart) {
        return page(null, 1, new ArrayList<>())
                .onFailure(SessionRenewed.class).recoverWithUni(e -> mayRestart
                        // a cursor belongs to the dead session: start the listing over in the new one
                        ? listTools(false)
                        : Uni.createFrom().failure(error(McpErrorCode.MCP_SESSION_LOST, "The MCP server at "
                        + endpoint.displayUrl() + " ended the session twice while PMOS was listing its tools.")));
    }

    private Uni<List<McpTool>> page(String cursor, int number, List<McpTool> tools) {
        if (number > settings.maxToolPages()) {
            return Uni.createFrom().failure(bad("kept paging tools/list past " + settings.maxToolPages()
                    + " pages (pmos.mcp.max-tool-pages); it may be stuck returning the same cursor"));
        }
        ObjectNode params = JsonRpc.object();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return send("tools/list", params, McpCallOptions.defaults(), cursor == null).flatMap(result -> {
            JsonNode list = result == null ? null : result.get("tools");
            if (list == null || !list.isArray()) {
                return Uni.createFrom().failure(bad("answered tools/list without a 'tools' list"));
            }
            for (JsonNode tool : list) {
                tools.add(tool(tool));
            }
            JsonNode next = result.get("nextCursor");
            if (next != null && next.isTextual() && !next.asText().isEmpty()) {
                return page(next.asText(), number + 1, tools);
            }
            return Uni.createFrom().item(List.copyOf(tools));
        });
    }

    private McpTool tool(JsonNode node) {
        if (!node.isObject() || !node.path("name").isTextual() || node.get("name").asText().isBlank()) {
            throw bad("listed a tool without a name");
        }
        JsonNode a = node.path("annotations");
        McpToolAnnotations annotations = a.isObject()
                ? new McpToolAnnotations(bool(a, "readOnlyHint"), bool(a, "destructiveHint"),
                bool(a, "idempotentHint"), bool(a, "openWorldHint"))
                : McpToolAnnotations.NONE;
        String title = text(node, "title") != null ? text(node, "title") : text(a, "title");
        return new McpTool(node.get("name").asText(), title, text(node, "description"),
                node.path("inputSchema").isObject() ? node.get("inputSchema") : JsonRpc.object(),
                node.path("outputSchema").isObject() ? node.get("outputSchema") : null, annotations);
    }

    private McpToolResult toolResult(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw bad("answered tools/call without a result object");
        }
        JsonNode content = result.get("content");
        if (content != null && !content.isArray()) {
            throw bad("answered tools/call with 'content' that is not a list");
        }
        List<JsonNode> items = new ArrayList<>();
        if (content != null) {
            content.forEach(items::add);
        }
        JsonNode structured = result.get("structuredContent");
        return new McpToolResult(List.copyOf(items), structured == null || structured.isNull() ? null : structured,
                result.path("isError").asBoolean(false));
    }

    // ---- fire-and-forget messages and DELETE, through the shared WebClient

    /** POSTs a notification or an answer to a server request; the server replies 202 without a body. */
    private Uni<Void> postMessage(ObjectNode message, String what, String sid, String version) {
        int generationSent;
        synchronized (this) {
            generationSent = generation;
        }
        return vetted().flatMap(vetted -> {
                    HttpRequest<Void> request = web.requestAbs(HttpMethod.POST, vetted.mutinyServer(), endpoint.url())
                            .followRedirects(false)
                            .timeout(settings.requestTimeout().toMillis())
                            .putHeader("Content-Type", "application/json").putHeader("Accept", ACCEPT_BOTH)
                            .putHeader("User-Agent", userAgent)
                            .as(BodyCodec.none());
                    if (endpoint.auth().headerName() != null) {
                        request.putHeader(endpoint.auth().headerName(), endpoint.auth().headerValue());
                    }
                    if (sid != null) {
                        request.putHeader(SESSION_HEADER, sid);
                    }
                    if (version != null) {
                        request.putHeader(VERSION_HEADER, version);
                    }
                    return request.sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(JsonRpc.bytes(message)));
                })
                .onFailure().transform(e -> transportFailure(e, what))
                .flatMap(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return Uni.createFrom().voidItem();
                    }
                    if (sid != null && (status == 404 || status == 400)) {
                        return Uni.createFrom().failure(new SessionGone(generationSent, status, null));
                    }
                    return Uni.createFrom().failure(statusError(status, what, response.getHeader("Location"), null));
                });
    }

    private void postQuietly(ObjectNode message, String what) {
        postMessage(message, what, sessionId, protocolVersion).subscribe().with(
                v -> LOG.tracef("MCP %s delivered to %s", what, endpoint.displayUrl()),
                e -> LOG.debugf("MCP %s to %s failed: %s", what, endpoint.displayUrl(), e.getMessage()));
    }

    private Uni<Void> delete(String sid, String version) {
        if (sid == null) {
            return Uni.createFrom().voidItem();
        }
        // 405 means the server does not let clients end sessions; it will expire it itself, which is fine
        return vetted().flatMap(vetted -> {
                    HttpRequest<Void> request = web.requestAbs(HttpMethod.DELETE, vetted.mutinyServer(), endpoint.url())
                            .followRedirects(false)
                            .timeout(settings.connectTimeout().toMillis() + 5000)
                            .putHeader(SESSION_HEADER, sid).putHeader("User-Agent", userAgent)
                            .as(BodyCodec.none());
                    if (version != null) {
                        request.putHeader(VERSION_HEADER, version);
                    }
                    if (endpoint.auth().headerName() != null) {
                        request.putHeader(endpoint.auth().headerName(), endpoint.auth().headerValue());
                    }
                    return request.send();
                })
                .onItem().invoke(r -> LOG.debugf("MCP session at %s closed (DELETE answered %d)",
                        endpoint.displayUrl(), r.statusCode()))
                .onFailure().invoke(e -> LOG.debugf("MCP session DELETE at %s failed: %s", endpoint.displayUrl(),
                        transportFailure(e, "DELETE").getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The endpoint's address checked by the outbound policy, on this session's context; every request goes there. */
    private Uni<Vetted> vetted() {
        return Uni.createFrom().deferred(() -> UniHelper.toUni(policy.vet(context, endpoint.url())));
    }

    // ---- requests

    private Uni<Reply> exchange(String method, JsonNode params, McpCallOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            // both callbacks run on the session context, in order, so the holder needs no locking
            Call[] call = {null};
            boolean[] terminated = {false};
            emitter.onTermination(() -> context.runOnContext(v -> {
                terminated[0] = true;
                if (call[0] != null) {
                    call[0].terminated();
                }
            }));
            context.runOnContext(v -> {
                if (terminated[0]) {
                    return; // cancelled before it started
                }
                if (closed) {
                    emitter.fail(closedError());
                } else if (lost != null && !"initialize".equals(method)) {
                    emitter.fail(lost);
                } else {
                    call[0] = new Call(method, params, options, emitter);
                    call[0].start();
                }
            });
        });
    }

    /** One JSON-RPC request from POST to answer, including stream resumption; confined to the session's context. */
    private final class Call {
        private final long id;
        private final String method;
        private final Buffer body;
        private final long timeoutMs;
        private final long hardDeadline;
        private final Consumer<McpProgress> onProgress;
        private final String progressToken;
        private final UniEmitter<? super Reply> emitter;
        private final String sentSessionId;
        private final String sentVersion;
        private final int sentGeneration;

        private HttpClientRequest current;
        private HttpClientResponse openStream;
        private long timer = -1;
        private long resumeTimer = -1;
        private boolean done;
        private String lastEventId;
        private Long retryMs;
        private int reconnects;
        private String newSessionId;
        private final boolean closedBeforeStart;

        Call(String method, JsonNode params, McpCallOptions options, UniEmitter<? super Reply> emitter) {
            synchronized (McpSession.this) {
                this.id = nextId++;
                this.sentSessionId = sessionId;
                this.sentVersion = protocolVersion;
                this.sentGeneration = generation;
                // checked under the lock close() takes, so no call slips past a concurrent close
                this.closedBeforeStart = closed;
                if (!closed) {
                    inFlight.add(this);
                }
            }
            this.method = method;
            this.emitter = emitter;
            this.onProgress = options.onProgress();
            this.progressToken = "tools/call".equals(method) || onProgress != null ? "pmos-" + id : null;
            JsonNode sentParams = params;
            if (progressToken != null) {
                ObjectNode copy = params instanceof ObjectNode o ? o.deepCopy() : JsonRpc.object();
                ObjectNode meta = copy.get("_meta") instanceof ObjectNode m ? m : copy.putObject("_meta");
                meta.put("progressToken", progressToken);
                sentParams = copy;
            }
            this.body = Buffer.buffer(JsonRpc.bytes(JsonRpc.request(id, method, sentParams)));
            Duration timeout = options.timeout() == null ? settings.requestTimeout() : options.timeout();
            this.timeoutMs = Math.max(1, Math.min(timeout.toMillis(), settings.maxRequestTime().toMillis()));
            this.hardDeadline = System.nanoTime() + settings.maxRequestTime().toNanos();
        }

        void start() {
            if (closedBeforeStart) {
                fail(closedError());
                return;
            }
            arm(timeoutMs);
            post();
        }

        /** The subscriber went away; if that happened before the answer, the caller cancelled. */
        void terminated() {
            if (!done) {
                done = true;
                cleanup();
                abort(); // after done, so the reset is not taken for a broken stream
                cancelOnServer("The caller no longer needs the result.");
            }
        }

        /** Request options for the endpoint, connecting to the address the policy checked (Host and TLS keep the name). */
        private RequestOptions options(HttpMethod httpMethod, boolean withSession, SocketAddress server) {
            RequestOptions o = new RequestOptions().setMethod(httpMethod).setAbsoluteURI(endpoint.url())
                    .setServer(server).setFollowRedirects(false).putHeader("User-Agent", userAgent);
            if (endpoint.auth().headerName() != null) {
                o.putHeader(endpoint.auth().headerName(), endpoint.auth().headerValue());
            }
            if (withSession && sentSessionId != null) {
                o.putHeader(SESSION_HEADER, sentSessionId);
            }
            if (withSession && sentVersion != null) {
                o.putHeader(VERSION_HEADER, sentVersion);
            }
            return o;
        }

        /** Checks the endpoint's address, then hands the address to connect to on; a refusal fails the call. */
        private void whenVetted(Consumer<SocketAddress> then, Consumer<Throwable> failed) {
            policy.vet(context, endpoint.url()).onComplete(ar -> {
                if (done) {
                    return;
                }
                if (ar.failed()) {
                    failed.accept(ar.cause());
                } else {
                    then.accept(ar.result().server());
                }
            });
        }

        private void post() {
            whenVetted(this::post, cause -> fail(transportFailure(cause, method)));
        }

        private void post(SocketAddress server) {
            RequestOptions o = options(HttpMethod.POST, true, server)
                    .putHeader("Content-Type", "application/json").putHeader("Accept", ACCEPT_BOTH);
            http.request(o).onComplete(ar -> {
                if (done) {
                    if (ar.succeeded()) {
                        ar.result().reset();
                    }
                    return;
                }
                if (ar.failed()) {
                    fail(transportFailure(ar.cause(), method));
                    return;
                }
                current = ar.result();
                current.send(body).onComplete(rr -> {
                    if (done) {
                        return;
                    }
                    if (rr.failed()) {
                        fail(transportFailure(rr.cause(), method));
                    } else {
                        onResponse(rr.result(), false);
                    }
                });
            });
        }

        private void onResponse(HttpClientResponse response, boolean resumed) {
            // until a reader takes over: a reset of a response nobody reads is expected here, not worth an ERROR log
            response.exceptionHandler(e -> { });
            int status = response.statusCode();
            if ("initialize".equals(method) && !resumed) {
                newSessionId = response.getHeader(SESSION_HEADER);
            }
            String type = Texts.mediaType(response.getHeader("Content-Type"));
            if (status >= 200 && status < 300 && status != 202 && status != 204) {
                if ("text/event-stream".equals(type)) {
                    readStream(response);
                } else if ("application/json".equals(type) && !resumed) {
                    readJson(response);
                } else {
                    failAndAbort(bad("answered '" + method + "' with "
                            + (type.isEmpty() ? "no content type" : "content type '" + Texts.serverText(type) + "'")
                            + " instead of application/json or text/event-stream"));
                }
                return;
            }
            readErrorBody(response, errorBody -> onErrorStatus(response, status, errorBody, resumed));
        }

        private void onErrorStatus(HttpClientResponse response, int status, JsonNode errorBody, boolean resumed) {
            if (done) {
                return;
            }
            String serverMessage = Texts.serverText(errorBody == null ? null
                    : errorBody.path("error").path("message").asText(null));
            if (sentSessionId != null && (status == 404 || status == 400)) {
                if (resumed) {
                    // the request may have run already, so it is not sent again
                    fail(error(McpErrorCode.MCP_SESSION_LOST, "The MCP session at " + endpoint.displayUrl()
                            + " ended while PMOS was waiting for the answer to '" + method
                            + "'; it may or may not have been carried out."));
                } else {
                    done = true;
                    cleanup();
                    emitter.fail(new SessionGone(sentGeneration, status, serverMessage));
                }
                return;
            }
            if (resumed && status == 405) {
                fail(bad("closed the event stream before answering '" + method
                        + "' and does not support resuming it (GET answered 405)"));
                return;
            }
            McpException failure = statusError(status, method, response.getHeader("Location"), errorBody);
            if ("initialize".equals(method) && (status == 404 || status == 405)) {
                probeOldTransport(failure);
            } else {
                fail(failure);
            }
        }

        private void readJson(HttpClientResponse response) {
            long cap = settings.maxResponseBytes();
            String length = response.getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > cap) {
                failAndAbort(tooLarge());
                return;
            }
            Buffer received = Buffer.buffer();
            response.handler(chunk -> {
                if (done) {
                    return;
                }
                if ((long) received.length() + chunk.length() > cap) {
                    failAndAbort(tooLarge());
                    return;
                }
                received.appendBuffer(chunk);
            });
            response.exceptionHandler(e -> fail(bad("cut off its answer to '" + method
                    + "' (the connection closed early)")));
            response.endHandler(v -> {
                if (done) {
                    return;
                }
                JsonNode node = JsonRpc.parse(received.getBytes());
                if (node == null) {
                    fail(bad(received.length() == 0 ? "answered '" + method + "' with an empty body"
                            : "answered '" + method + "' with something that is not JSON (or JSON that was cut off)"));
                    return;
                }
                handle(node);
                if (!done) {
                    fail(bad("answered '" + method + "' with JSON that is not the JSON-RPC response to it"));
                }
            });
        }

        private void readStream(HttpClientResponse response) {
            openStream = response;
            boolean[] ended = {false};
            SseParser parser = new SseParser(settings.maxResponseBytes(), lastEventId, this::onEvent);
            response.handler(chunk -> {
                if (done) {
                    return;
                }
                try {
                    parser.feed(chunk.getBytes());
                } catch (SseParser.TooLargeException e) {
                    failAndAbort(tooLarge());
                } finally {
                    lastEventId = parser.lastEventId();
                    if (parser.retryMillis() != null) {
                        retryMs = parser.retryMillis();
                    }
                }
            });
            Runnable onEnd = () -> {
                if (ended[0]) {
                    return;
                }
                ended[0] = true;
                parser.end();
                if (openStream == response) {
                    openStream = null;
                }
                if (!done) {
                    streamBroken();
                }
            };
            response.exceptionHandler(e -> onEnd.run());
            response.endHandler(v -> onEnd.run());
        }

        private void onEvent(SseEvent event) {
            if (done || event.data().isBlank()) {
                return; // the priming event carries an id for resuming and no message
            }
            if (!"message".equals(event.type())) {
                LOG.debugf("MCP server %s sent an SSE event of type '%s'; ignored", endpoint.displayUrl(),
                        Texts.serverText(event.type()));
                return;
            }
            JsonNode node = JsonRpc.parse(event.data());
            if (node == null) {
                failAndAbort(bad("sent an event that is not JSON while answering '" + method + "'"));
                return;
            }
            handle(node);
        }

        private void handle(JsonNode node) {
            if (node.isArray()) {
                for (JsonNode item : node) {
                    handleOne(item);
                }
            } else {
                handleOne(node);
            }
        }

        private void handleOne(JsonNode message) {
            if (!message.isObject()) {
                failAndAbort(bad("sent a message that is not a JSON-RPC object"));
            } else if (JsonRpc.isResponse(message)) {
                if (!JsonRpc.idMatches(message.get("id"), id)) {
                    LOG.debugf("MCP server %s sent a response for another request; ignored", endpoint.displayUrl());
                } else if (message.hasNonNull("error")) {
                    fail(protocolError(message.get("error"), method, null));
                } else {
                    succeed(message.get("result"));
                }
            } else if (JsonRpc.isRequest(message)) {
                answerServerRequest(message);
            } else if (JsonRpc.isNotification(message)) {
                onNotification(message);
            } else {
                failAndAbort(bad("sent a message that is not JSON-RPC 2.0"));
            }
        }

        private void onNotification(JsonNode message) {
            String name = message.get("method").asText();
            JsonNode params = message.path("params");
            if ("notifications/progress".equals(name) && progressToken != null
                    && progressToken.equals(params.path("progressToken").asText(null))) {
                extend();
                if (onProgress != null) {
                    JsonNode total = params.get("total");
                    McpProgress progress = new McpProgress(params.path("progress").asDouble(),
                            total != null && total.isNumber() ? total.asDouble() : null,
                            params.path("message").isTextual() ? params.get("message").asText() : null);
                    try {
                        onProgress.accept(progress);
                    } catch (RuntimeException e) {
                        LOG.debugf("progress listener failed: %s", e.toString());
                    }
                }
                return;
            }
            Consumer<JsonNode> listener = notificationListener;
            if (listener != null) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    LOG.debugf("notification listener failed: %s", e.toString());
                }
            }
        }

        private void answerServerRequest(JsonNode message) {
            String name = message.get("method").asText();
            // PMOS declares no client capabilities, so ping is the only server request it serves
            ObjectNode answer = "ping".equals(name)
                    ? JsonRpc.result(message.get("id"), JsonRpc.object())
                    : JsonRpc.error(message.get("id"), JsonRpc.METHOD_NOT_FOUND, "Method not found: " + name);
            postQuietly(answer, "answer to " + Texts.serverText(name));
        }

        private void streamBroken() {
            current = null;
            if (lastEventId == null || lastEventId.isEmpty()) {
                fail(bad("closed the event stream before answering '" + method + "'"));
                return;
            }
            if (reconnects >= settings.maxStreamReconnects()) {
                fail(bad("closed the event stream before answering '" + method + "', and resuming it failed "
                        + reconnects + " times"));
                return;
            }
            reconnects++;
            long delay = Math.min(Math.max(retryMs == null ? DEFAULT_RETRY_MS : retryMs, 1), MAX_RETRY_MS);
            LOG.debugf("MCP stream from %s ended before the answer to '%s'; resuming in %d ms (attempt %d)",
                    endpoint.displayUrl(), method, delay, reconnects);
            resumeTimer = vertx.setTimer(delay, t -> {
                resumeTimer = -1;
                if (!done) {
                    resume();
                }
            });
        }

        private void resume() {
            whenVetted(this::resume, cause -> {
                if (cause instanceof AddressNotAllowedException) {
                    fail(transportFailure(cause, method)); // the name now points somewhere refused: no retrying
                } else {
                    streamBroken();
                }
            });
        }

        private void resume(SocketAddress server) {
            RequestOptions o = options(HttpMethod.GET, true, server).putHeader("Accept", "text/event-stream")
                    .putHeader("Last-Event-ID", lastEventId);
            http.request(o).onComplete(ar -> {
                if (done) {
                    if (ar.succeeded()) {
                        ar.result().reset();
                    }
                    return;
                }
                if (ar.failed()) {
                    streamBroken();
                    return;
                }
                current = ar.result();
                current.send().onComplete(rr -> {
                    if (done) {
                        return;
                    }
                    if (rr.failed()) {
                        streamBroken();
                    } else {
                        onResponse(rr.result(), true);
                    }
                });
            });
        }

        /** After a 404/405 to initialize: is this an old HTTP+SSE server whose GET opens a stream with an endpoint event? */
        private void probeOldTransport(McpException otherwise) {
            whenVetted(server -> probeOldTransport(otherwise, server), cause -> fail(otherwise));
        }

        private void probeOldTransport(McpException otherwise, SocketAddress server) {
            RequestOptions o = options(HttpMethod.GET, false, server).putHeader("Accept", "text/event-stream");
            boolean[] settled = {false};
            HttpClientRequest[] probe = {null};
            long[] probeTimer = {-1};
            Consumer<McpException> settle = failure -> {
                if (settled[0]) {
                    return;
                }
                settled[0] = true;
                vertx.cancelTimer(probeTimer[0]);
                if (probe[0] != null) {
                    probe[0].reset(); // the probe stream would stay open forever
                }
                fail(failure);
            };
            probeTimer[0] = vertx.setTimer(PROBE_MS, t -> settle.accept(otherwise));
            http.request(o).onComplete(ar -> {
                if (ar.failed()) {
                    settle.accept(otherwise);
                    return;
                }
                probe[0] = ar.result();
                if (settled[0] || done) {
                    probe[0].reset();
                    return;
                }
                probe[0].send().onComplete(rr -> {
                    if (settled[0]) {
                        return;
                    }
                    if (rr.failed()) {
                        settle.accept(otherwise);
                        return;
                    }
                    HttpClientResponse response = rr.result();
                    response.exceptionHandler(e -> settle.accept(otherwise));
                    if (response.statusCode() != 200
                            || !"text/event-stream".equals(Texts.mediaType(response.getHeader("Content-Type")))) {
                        settle.accept(otherwise);
                        return;
                    }
                    SseParser parser = new SseParser(PROBE_BYTES, null, event -> settle.accept(
                            "endpoint".equals(event.type()) ? oldTransport() : otherwise));
                    response.handler(chunk -> {
                        try {
                            parser.feed(chunk.getBytes());
                        } catch (SseParser.TooLargeException e) {
                            settle.accept(otherwise);
                        }
                    });
                    response.endHandler(v -> settle.accept(otherwise));
                });
            });
        }

        private void readErrorBody(HttpClientResponse response, Consumer<JsonNode> then) {
            Buffer received = Buffer.buffer();
            boolean[] delivered = {false};
            Runnable deliver = () -> {
                if (!delivered[0]) {
                    delivered[0] = true;
                    then.accept(JsonRpc.parse(received.getBytes()));
                }
            };
            response.handler(chunk -> {
                if (received.length() + chunk.length() <= ERROR_BODY_BYTES) {
                    received.appendBuffer(chunk);
                } else if (!delivered[0]) {
                    response.request().reset(); // an error page is not worth downloading in full
                    deliver.run();
                }
            });
            response.exceptionHandler(e -> deliver.run());
            response.endHandler(v -> deliver.run());
        }

        // ---- deadline

        private void arm(long ms) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            long left = remainingHardMs();
            timer = vertx.setTimer(Math.max(1, Math.min(ms, left)), t -> {
                timer = -1;
                onTimeout();
            });
        }

        private void extend() {
            if (remainingHardMs() > 0) {
                arm(timeoutMs);
            }
        }

        private long remainingHardMs() {
            return (hardDeadline - System.nanoTime()) / 1_000_000;
        }

        private void onTimeout() {
            if (done) {
                return;
            }
            boolean hard = remainingHardMs() <= 1;
            McpException failure = hard
                    ? error(McpErrorCode.MCP_TIMEOUT, "'" + method + "' on the MCP server at " + endpoint.displayUrl()
                    + " was still running after " + Texts.duration(settings.maxRequestTime())
                    + ", the most PMOS allows for one request (pmos.mcp.max-request-time); PMOS cancelled it.")
                    : error(McpErrorCode.MCP_TIMEOUT, "The MCP server at " + endpoint.displayUrl()
                    + " did not answer '" + method + "' within " + Texts.duration(Duration.ofMillis(timeoutMs))
                    + ("initialize".equals(method) ? "." : "; PMOS cancelled the request."));
            failAndAbort(failure);
            cancelOnServer(hard ? "PMOS stopped waiting: the request reached its maximum duration."
                    : "PMOS stopped waiting: no answer within " + Texts.duration(Duration.ofMillis(timeoutMs)) + ".");
        }

        private void cancelOnServer(String reason) {
            if ("initialize".equals(method)) {
                return; // the protocol forbids cancelling initialize
            }
            synchronized (McpSession.this) {
                if (closed || generation != sentGeneration) {
                    return; // that session is gone; nothing there to cancel
                }
            }
            ObjectNode params = JsonRpc.object().put("requestId", id).put("reason", reason);
            postQuietly(JsonRpc.notification("notifications/cancelled", params), "notifications/cancelled");
        }

        // ---- completion

        void abortWith(McpException failure) {
            failAndAbort(failure);
        }

        /** Fails first, so the stream handlers see the call as done when the reset makes them fire. */
        private void failAndAbort(McpException failure) {
            if (!done) {
                fail(failure);
                abort();
            }
        }

        private void abort() {
            if (current != null) {
                current.reset();
            }
        }

        private void succeed(JsonNode result) {
            if (done) {
                return;
            }
            done = true;
            cleanup();
            HttpClientResponse lingering = openStream;
            HttpClientRequest request = current;
            if (lingering != null && request != null) {
                vertx.setTimer(LINGER_MS, t -> {
                    if (openStream == lingering) {
                        request.reset();
                    }
                });
            }
            emitter.complete(new Reply(result, newSessionId));
        }

        private void fail(McpException failure) {
            if (done) {
                return;
            }
            done = true;
            cleanup();
            emitter.fail(failure);
        }

        private void cleanup() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (resumeTimer >= 0) {
                vertx.cancelTimer(resumeTimer);
                resumeTimer = -1;
            }
            synchronized (McpSession.this) {
                inFlight.remove(this);
            }
        }
    }

    // ---- failures

    private McpException statusError(int status, String method, String location, JsonNode errorBody) {
        String at = endpoint.displayUrl();
        String serverMessage = Texts.serverText(errorBody == null ? null
                : errorBody.path("error").path("message").asText(null));
        return switch (status) {
            case 202, 204 -> bad("accepted '" + method + "' without answering it (HTTP " + status + ")");
            case 301, 302, 303, 307, 308 -> error(McpErrorCode.MCP_REDIRECTED, "The MCP server at " + at
                    + " answered HTTP " + status + " pointing to " + where(location) + ". PMOS does not follow "
                    + "redirects for MCP requests; if that address is right, put it in the connector settings.",
                    status, null);
            case 401, 403 -> error(McpErrorCode.MCP_AUTH_FAILED, "The MCP server at " + at
                    + " refused PMOS's credentials (HTTP " + status + ")"
                    + (serverMessage == null ? "." : ": " + serverMessage), status, null);
            case 404 -> error(McpErrorCode.MCP_ENDPOINT_NOT_FOUND, "Nothing answers MCP requests at " + at
                    + " (HTTP 404). Check the path; MCP endpoints usually end in /mcp.", status, null);
            case 406 -> error(McpErrorCode.MCP_NOT_ACCEPTABLE, "The MCP server at " + at + " refused PMOS's "
                    + "request (HTTP 406 Not Acceptable) although PMOS accepts both application/json and "
                    + "text/event-stream as the protocol requires; a proxy in front of it may be rewriting headers.",
                    status, null);
            default -> errorBody != null && errorBody.path("error").isObject()
                    ? protocolError(errorBody.get("error"), method, status)
                    : error(McpErrorCode.MCP_HTTP_ERROR, "The MCP server at " + at + " answered HTTP " + status
                    + " to '" + method + "'" + (serverMessage == null ? "." : ": " + serverMessage), status, null);
        };
    }

    private String where(String location) {
        if (location == null || location.isBlank()) {
            return "no address";
        }
        try {
            URI target = URI.create(endpoint.url()).resolve(location.strip());
            return new McpEndpoint(target.toString()).displayUrl();
        } catch (RuntimeException e) {
            return "an address PMOS cannot read";
        }
    }

    private McpException protocolError(JsonNode error, String method, Integer status) {
        Integer code = error.path("code").isInt() ? error.get("code").asInt() : null;
        String message = Texts.serverText(error.path("message").asText(null));
        return error(McpErrorCode.MCP_PROTOCOL_ERROR, "The MCP server at " + endpoint.displayUrl()
                + " returned an error for '" + method + "': " + (message == null ? "(no message)" : message)
                + (code == null ? "" : " (JSON-RPC code " + code + ")") + ".", status, code);
    }

    private McpException transportFailure(Throwable failure, String method) {
        String host = endpoint.hostAndPort();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof McpException m) {
                return m;
            }
            if (t instanceof AddressNotAllowedException) {
                return error(McpErrorCode.ADDRESS_NOT_ALLOWED, AddressNotAllowedException.MESSAGE);
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return error(McpErrorCode.MCP_TLS_FAILED, "The secure (TLS) connection to " + host + " failed: "
                        + "the server's certificate is not trusted, has expired or does not match the host name, "
                        + "or the server does not speak TLS on that port.");
            }
            if (t instanceof UnknownHostException || t.getClass().getName().contains("DnsNameResolver")) {
                return error(McpErrorCode.MCP_HOST_NOT_FOUND, "PMOS could not connect to the MCP server at " + host
                        + ": its host name could not be resolved.");
            }
            if (t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return unreachable(host, "it did not accept a connection within "
                        + Texts.duration(settings.connectTimeout()));
            }
            if (t instanceof NoRouteToHostException) {
                return unreachable(host, "there is no network route to it");
            }
            if (t instanceof ConnectException && String.valueOf(t.getMessage()).toLowerCase().contains("refused")) {
                return error(McpErrorCode.MCP_CONNECTION_REFUSED, "PMOS could not connect to the MCP server at " + host
                        + ": the connection was refused (nothing listens on that port).");
            }
            if (t instanceof ConnectException) {
                return unreachable(host, "the connection failed");
            }
            if (t instanceof HttpClosedException) {
                return bad("closed the connection without answering '" + method + "'");
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return error(McpErrorCode.MCP_TIMEOUT, "The MCP server at " + endpoint.displayUrl()
                        + " did not answer '" + method + "' in time.");
            }
        }
        return unreachable(host, "the connection failed");
    }

    private McpException unreachable(String host, String why) {
        return error(McpErrorCode.MCP_UNREACHABLE, "PMOS could not connect to the MCP server at " + host + ": "
                + why + ".");
    }

    private McpException oldTransport() {
        return error(McpErrorCode.MCP_OLD_TRANSPORT, "The server at " + endpoint.displayUrl() + " speaks only the "
                + "older HTTP+SSE MCP transport (protocol 2024-11-05), which PMOS does not support. Use the server's "
                + "Streamable HTTP endpoint (often /mcp) or upgrade the server.");
    }

    private McpException tooLarge() {
        return error(McpErrorCode.MCP_RESPONSE_TOO_LARGE, "A message from the MCP server at "
                + endpoint.displayUrl() + " is larger than " + Texts.bytes(settings.maxResponseBytes())
                + ", the most PMOS accepts. Ask the tool for less data, or have an operator raise "
                + "pmos.mcp.max-response-bytes (environment variable PMOS_MCP_MAX_RESPONSE_BYTES).");
    }

    private McpException bad(String what) {
        return error(McpErrorCode.MCP_BAD_RESPONSE, "The MCP server at " + endpoint.displayUrl() + " " + what + ".");
    }

    private McpException closedError() {
        return error(McpErrorCode.MCP_SESSION_CLOSED, "This MCP session with " + endpoint.displayUrl()
                + " was closed by PMOS; a new one is opened on next use.");
    }

    private McpException error(McpErrorCode code, String message) {
        return error(code, message, null, null);
    }

    /** Every failure passes here, so a server echoing the credential back cannot get it into a message. */
    private McpException error(McpErrorCode code, String message, Integer status, Integer rpcCode) {
        String secret = endpoint.auth().secret();
        String safe = secret == null ? message : message.replace(secret, McpAuth.MASK);
        return new McpException(code, safe, status, rpcCode);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() ? value.asBoolean() : null;
    }

    /** A request's result together with the session id header its HTTP answer carried (for initialize). */
    private record Reply(JsonNode result, String sessionId) {
    }

    /** Internal signal: the server no longer knows the session the request was sent with. Never leaves this class. */
    private static final class SessionGone extends RuntimeException {
        final int generation;
        final int status;
        final String serverMessage;

        SessionGone(int generation, int status, String serverMessage) {
            super(null, null, false, false);
            this.generation = generation;
            this.status = status;
            this.serverMessage = serverMessage;
        }
    }

    /** Internal signal to the tool listing: a new session was started, so the cursor in hand is worthless. */
    private static final class SessionRenewed extends RuntimeException {
        SessionRenewed() {
            super(null, null, false, false);
        }
    }
}
