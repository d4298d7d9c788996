package io.pmos.flows;

import io.pmos.common.ApiException;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.secrets.SecretUnreadableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Flow Pieces project of a workspace: its connector turned into a client target. With email + password and
 * no project id, the account's own project (from sign-in) is used and remembered.
 */
@ApplicationScoped
public class FlowTargets {

    static final String NOT_CONNECTED = "Connect Flow Pieces first: a workspace admin sets it up in Setup.";

    private final ConnectorService connectors;
    private final FlowPiecesClient client;
    private final Map<UUID, String> signedInProjects = new ConcurrentHashMap<>();

    public FlowTargets(ConnectorService connectors, FlowPiecesClient client) {
        this.connectors = connectors;
        this.client = client;
        connectors.onChange(r -> {
            if (r.kind().equals(ConnectorRecord.FLOW_PIECES)) {
                signedInProjects.remove(r.id());
                client.forget(cacheKey(r));
            }
        });
    }

    public Uni<FlowPiecesTarget> of(UUID workspaceId) {
        return connectors.records(workspaceId).flatMap(rows -> {
            ConnectorRecord r = rows.stream().filter(c -> c.kind().equals(ConnectorRecord.FLOW_PIECES)).findFirst()
                    .orElse(null);
            if (r == null || r.setting("url") == null || !r.hasSecret()) {
                return Uni.createFrom().failure(new ApiException(409, NOT_CONNECTED, Map.of(), "FLOW_PIECES_NOT_CONFIGURED"));
            }
            String secret;
            try {
                secret = connectors.secretOf(r);
            } catch (SecretUnreadableException e) {
                return Uni.createFrom().failure(new ApiException(409, "The stored Flow Pieces secret cannot be read "
                        + "on this server: an admin enters it again in Setup.", Map.of(), "FLOW_PIECES_SECRET_UNREADABLE"));
            }
            boolean password = "password".equals(r.setting("authMode"));
            FlowPiecesTarget target = new FlowPiecesTarget(r.setting("url"), password ? null : secret,
                    password ? r.setting("email") : null, password ? secret : null, r.setting("projectId"), cacheKey(r));
            if (target.projectId() != null) {
                return Uni.createFrom().item(target);
            }
            String known = signedInProjects.get(r.id());
            if (known != null) {
                return Uni.createFrom().item(target.withProject(known));
            }
            return client.signIn(target, Duration.ofSeconds(10))
                    .map(in -> {
                        String project = in.getString("projectId");
                        signedInProjects.put(r.id(), project);
                        return target.withProject(project);
                    })
                    .onFailure(FlowPiecesException.class).transform(e -> FlowErrors.map((FlowPiecesException) e, "flow"));
        });
    }

    private static String cacheKey(ConnectorRecord r) {
        return "ws:" + r.workspaceId() + ":" + r.id();
    }
}
