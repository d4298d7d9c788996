package io.pmos.chat;

import io.pmos.ai.AiProvider;
import io.pmos.config.PmosConfig;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.net.OutboundPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;

/** The model a workspace chats with, from its AI provider setting; built-in commands when none is set. */
@ApplicationScoped
public class ModelFactory {

    private final ConnectorService connectors;
    private final OutboundPolicy policy;
    private final Duration timeout;
    // One JDK client (connection pool, selector thread) for every run's model instead of one per run.
    private final HttpClient http;

    public ModelFactory(ConnectorService connectors, PmosConfig config, OutboundPolicy policy) {
        this.connectors = connectors;
        this.policy = policy;
        this.timeout = config.chat().modelTimeout();
        this.http = jdkClient(timeout);
    }

    /** The JDK client under every model; it never follows redirects, which could lead past the address policy. */
    static HttpClient jdkClient(Duration timeout) {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10)).build();
    }

    public Uni<ModelTypes.Model> forWorkspace(UUID workspaceId) {
        return connectors.records(workspaceId).map(rows -> {
            ConnectorRecord ai = rows.stream().filter(r -> r.kind().equals(ConnectorRecord.AI)).findFirst().orElse(null);
            AiProvider provider = ai == null ? AiProvider.BUILTIN : AiProvider.of(ai.setting("provider")).orElse(AiProvider.BUILTIN);
            if (provider == AiProvider.BUILTIN) {
                return new BuiltinModel();
            }
            return LangchainModel.create(provider, ai.setting("model"), ai.setting("baseUrl"), connectors.secretOf(ai),
                    http, policy, Infrastructure.getDefaultWorkerPool(), timeout);
        });
    }
}
