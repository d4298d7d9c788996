package io.pmos.chat;

import io.pmos.ai.AiProvider;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The model a workspace chats with, from its AI provider setting; built-in commands when none is set. */
@ApplicationScoped
public class ModelFactory {

    private final ConnectorService connectors;

    public ModelFactory(ConnectorService connectors) {
        this.connectors = connectors;
    }

    public Uni<ModelTypes.Model> forWorkspace(UUID workspaceId) {
        return connectors.records(workspaceId).map(rows -> {
            ConnectorRecord ai = rows.stream().filter(r -> r.kind().equals(ConnectorRecord.AI)).findFirst().orElse(null);
            AiProvider provider = ai == null ? AiProvider.BUILTIN : AiProvider.of(ai.setting("provider")).orElse(AiProvider.BUILTIN);
            if (provider == AiProvider.BUILTIN) {
                return new BuiltinModel();
            }
            return LangchainModel.create(provider, ai.setting("model"), ai.setting("baseUrl"), connectors.secretOf(ai));
        });
    }
}
