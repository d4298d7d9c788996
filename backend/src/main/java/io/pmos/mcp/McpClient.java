package io.pmos.mcp;

import io.pmos.config.PmosConfig;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.OutboundPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Entry point of the MCP client: holds the one connection pool all MCP traffic shares and opens sessions.
 *
 * <p>Streaming exchanges (a POST whose answer may be an event stream, and resuming GETs) use the pool's Vert.x
 * HttpClient directly, because the Web Client delivers a response only once its body is complete: it can neither
 * show the headers first, nor hand out an event stream as it arrives, nor be aborted at the size cap or timeout.
 * Plain exchanges (notifications, answers to server requests, DELETE) go through the Web Client wrapping that same
 * HttpClient, so everything reuses the same keep-alive connections.
 */
@ApplicationScoped
public class McpClient {

    private final io.vertx.core.Vertx vertx;
    private final McpSettings settings;
    private final OutboundPolicy policy;
    private final HttpClient http;
    private final WebClient web;
    /** Null only in tests that build the client by hand. */
    private io.pmos.metrics.PmosMetrics metrics;

    @Inject
    public McpClient(Vertx vertx, PmosConfig config, OutboundPolicy policy, io.pmos.metrics.PmosMetrics metrics,
                     @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this(vertx, McpSettings.from(config.mcp(), version), policy);
        this.metrics = metrics;
    }

    /** Every request of every session is checked against {@code policy} and sent to the address it checked. */
    public McpClient(Vertx vertx, McpSettings settings, OutboundPolicy policy) {
        this.vertx = vertx.getDelegate();
        this.settings = settings;
        this.policy = policy;
        HttpClientOptions options = new HttpClientOptions()
                .setName("pmos-mcp")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, settings.keepAlive().toSeconds()))
                .setVerifyHost(true);
        this.http = this.vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerServer()));
        this.web = WebClient.wrap(io.vertx.mutiny.core.http.HttpClient.newInstance(http),
                new WebClientOptions().setFollowRedirects(false).setUserAgent("pmos/" + settings.clientVersion()));
    }

    /** Opens a session: initialize, then notifications/initialized. Fails with {@link McpException}. */
    public Uni<McpSession> connect(McpEndpoint endpoint) {
        return Uni.createFrom().deferred(() -> new McpSession(endpoint, settings, policy, vertx, http, web,
                vertx.getOrCreateContext()).observedBy(metrics).open());
    }

    /**
     * A plain GET on one address of an MCP server (BCGPT's {@code /health}), without credentials, through the same
     * pool; answers the HTTP status. Fails with {@link McpException} when nothing answers.
     */
    public Uni<Integer> probe(String url) {
        // checked by the outbound policy like every MCP request, and sent to the address it checked
        return policy.vet(url)
                .flatMap(vetted -> web.requestAbs(io.vertx.core.http.HttpMethod.GET, vetted.mutinyServer(), url)
                        .timeout(settings.requestTimeout().toMillis()).send())
                .map(r -> r.statusCode())
                .onFailure().transform(e -> e instanceof AddressNotAllowedException
                        ? new McpException(McpErrorCode.ADDRESS_NOT_ALLOWED, AddressNotAllowedException.MESSAGE)
                        : new McpException(McpErrorCode.MCP_UNREACHABLE, "Nothing answered at " + url + "."));
    }

    public McpSettings settings() {
        return settings;
    }

    @PreDestroy
    void shutdown() {
        web.close();
        http.close();
    }
}
