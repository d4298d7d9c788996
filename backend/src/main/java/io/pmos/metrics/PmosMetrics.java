package io.pmos.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pmos.health.DependencyStates;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every PMOS domain meter, defined in this one place (named pmos.*, pmos_* in Prometheus; docs/monitoring.md lists
 * them all) with small recording methods that the code which knows what happened calls. Tag values come from small
 * fixed sets (status, provider, kind, error code), never from ids or URLs, so the number of series stays bounded.
 */
@ApplicationScoped
public class PmosMetrics {

    /** The outcome tag of a call that worked. */
    public static final String OK = "OK";
    /** JSON-RPC methods named as themselves in pmos_mcp_request_seconds; any other method counts as "other". */
    private static final Set<String> MCP_METHODS = Set.of("initialize", "tools/list", "tools/call", "ping",
            "resources/list", "resources/read", "prompts/list", "prompts/get");

    /** Flow Pieces failures that mean the server is down, unreachable or too slow (not a refusal or a bad request). */
    private static final Set<String> FLOW_PIECES_OUTAGES = Set.of("FLOW_PIECES_UNREACHABLE", "FLOW_PIECES_HOST_NOT_FOUND",
            "FLOW_PIECES_CONNECTION_REFUSED", "FLOW_PIECES_TIMEOUT", "FLOW_PIECES_SERVER_ERROR");
    /** MCP failures that mean the server is down, unreachable, too slow or dropped the connection. */
    private static final Set<String> MCP_OUTAGES = Set.of("MCP_UNREACHABLE", "MCP_HOST_NOT_FOUND",
            "MCP_CONNECTION_REFUSED", "MCP_TIMEOUT", "MCP_BAD_RESPONSE");

    private final MeterRegistry registry;
    private final DependencyStates dependencies;
    private final Counter loginFailures;
    private final Counter loginLockouts;
    private final Counter throttled;

    public PmosMetrics(MeterRegistry registry, DependencyStates dependencies) {
        this.registry = registry;
        this.dependencies = dependencies;
        this.loginFailures = Counter.builder("pmos.auth.login.failures")
                .description("Sign-ins refused for a wrong email or password").register(registry);
        this.loginLockouts = Counter.builder("pmos.auth.login.lockouts")
                .description("Sign-ins refused unchecked because too many failed before (answered 429)").register(registry);
        this.throttled = Counter.builder("pmos.http.throttled")
                .description("HTTP requests PMOS answered with 429 Too Many Requests").register(registry);
        // at zero from the start, so an alert on their rate has a series before the first drop happens
        for (String reason : new String[]{"overflow", "gap"}) {
            snapshotCounter("flow:", reason);
        }
    }

    /** A gauge read from {@code value} at scrape time; the supplier must be cheap (a field or a map size). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    // ---- live updates (WebSocket)

    public void eventPublished(String topic) {
        Counter.builder("pmos.live.events.published").description("Events written to the event log")
                .tag("topic_kind", topicKind(topic)).register(registry).increment();
    }

    public void eventDelivered(String topic) {
        Counter.builder("pmos.live.events.delivered").description("Events sent to a WebSocket subscriber")
                .tag("topic_kind", topicKind(topic)).register(registry).increment();
    }

    /**
     * A subscriber got a snapshot instead of events: {@code overflow} when its send queue was full, {@code gap} when
     * the events it missed were too many or gone.
     */
    public void snapshotInsteadOfEvents(String topic, String reason) {
        snapshotCounter(topic, reason).increment();
    }

    private Counter snapshotCounter(String topic, String reason) {
        return Counter.builder("pmos.live.events.dropped.to.snapshot")
                .description("Times a subscriber's missed events were replaced by one snapshot")
                .tag("topic_kind", topicKind(topic)).tag("reason", reason).register(registry);
    }

    /** From the NOTIFY of an event reaching this instance to its frame being written to one subscriber. */
    public void deliveryLag(String topic, long sinceNanos) {
        Timer.builder("pmos.live.delivery.lag").description("From an event's announcement to its delivery to a subscriber")
                .tag("topic_kind", topicKind(topic)).register(registry).record(Duration.ofNanos(System.nanoTime() - sinceNanos));
    }

    static String topicKind(String topic) {
        int colon = topic == null ? -1 : topic.indexOf(':');
        String kind = colon <= 0 ? "other" : topic.substring(0, colon);
        return kind.length() <= 16 && kind.chars().allMatch(c -> c >= 'a' && c <= 'z') ? kind : "other";
    }

    // ---- chat runs, model and tool calls

    /** A run ended with {@code status} (succeeded, failed, cancelled) after {@code duration}. */
    public void runFinished(String status, Duration duration) {
        Counter.builder("pmos.chat.runs.finished").description("Chat runs that ended, by final status")
                .tag("status", status).register(registry).increment();
        Timer.builder("pmos.chat.run.duration").description("Chat run duration from start to end, by final status")
                .tag("status", status).register(registry).record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /** Times one model call; a failure is tagged with the code {@code codeOf} gives it (RATE_LIMITED, TIMEOUT, ...). */
    public <T> Uni<T> modelCall(String provider, Uni<T> call, Function<Throwable, String> codeOf) {
        return timed("pmos.model.call", "Calls of a model provider, by provider and outcome", "provider",
                provider == null ? "unknown" : provider, call, codeOf);
    }

    /** Times one tool call of a kind (flow, mcp, builtin); outcome OK or ERROR. */
    public <T> Uni<T> toolCall(String kind, Uni<T> call) {
        return timed("pmos.tool.call", "Tool calls of the agent, by tool kind and outcome", "kind", kind, call,
                e -> "ERROR");
    }

    // ---- outside services

    /**
     * Times one HTTP exchange with the Flow Pieces server at {@code server} (host:port); outcome OK or the
     * FLOW_PIECES_* code of the failure. An outage code marks that server down in {@link DependencyStates}, any
     * answer marks it up.
     */
    public <T> Uni<T> flowPiecesCall(String method, String server, Uni<T> call, Function<T, String> outcomeOf,
                                    Function<Throwable, String> codeOf) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onItemOrFailure().invoke((item, failure) -> {
                String outcome = failure == null ? outcomeOf.apply(item) : safeCode(codeOf, failure);
                record("pmos.flow.pieces.request", "Requests to Flow Pieces, by HTTP method and outcome", "method",
                        method, outcome, start);
                dependencies.record(DependencyStates.Kind.FLOW_PIECES, server,
                        FLOW_PIECES_OUTAGES.contains(outcome) ? outcome : null);
            });
        });
    }

    /**
     * Times one MCP JSON-RPC request to the server at {@code server} (host:port only: some servers carry a key in the
     * path); outcome OK or the MCP_* code of the failure. An outage code marks that server down in {@link DependencyStates}, any answer marks it up.
     */
    public <T> Uni<T> mcpCall(String method, String server, Uni<T> call, Function<Throwable, String> codeOf) {
        return timed("pmos.mcp.request", "JSON-RPC requests to MCP servers, by method and outcome", "method",
                MCP_METHODS.contains(method) ? method : "other", call, codeOf)
                .onItemOrFailure().invoke((item, failure) -> {
                    String code = failure == null ? null : safeCode(codeOf, failure);
                    boolean outage = code != null && MCP_OUTAGES.contains(code);
                    dependencies.record(DependencyStates.Kind.MCP, server, outage ? code : null);
                });
    }

    // ---- sign-in and throttling

    public void loginFailed() {
        loginFailures.increment();
    }

    public void loginLockedOut() {
        loginLockouts.increment();
    }

    public void throttled() {
        throttled.increment();
    }

    private <T> Uni<T> timed(String name, String description, String tag, String value, Uni<T> call,
                             Function<Throwable, String> codeOf) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onItemOrFailure().invoke((item, failure) ->
                            record(name, description, tag, value, failure == null ? OK : safeCode(codeOf, failure), start))
                    .onCancellation().invoke(() -> record(name, description, tag, value, "CANCELLED", start));
        });
    }

    private static String safeCode(Function<Throwable, String> codeOf, Throwable failure) {
        try {
            String code = codeOf.apply(failure);
            return code == null || code.isBlank() ? "ERROR" : code;
        } catch (RuntimeException e) {
            return "ERROR";
        }
    }

    private void record(String name, String description, String tag, String value, String outcome, long start) {
        Timer.builder(name).description(description).tag(tag, value).tag("outcome", outcome).register(registry)
                .record(Duration.ofNanos(System.nanoTime() - start));
    }
}
