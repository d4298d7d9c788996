package io.pmos.connectors;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** A stored connector: kind (flow_pieces, mcp, ai), unique name in its workspace, settings, sealed secret. */
public record ConnectorRecord(UUID id, UUID workspaceId, String kind, String name, JsonObject config,
                              String secretCiphertext, String secretHint, JsonObject lastTest) {

    public static final String FLOW_PIECES = "flow_pieces";
    public static final String MCP = "mcp";
    public static final String AI = "ai";

    public String setting(String key) {
        return config == null ? null : config.getString(key);
    }

    public boolean hasSecret() {
        return secretCiphertext != null;
    }

    @Override
    public String toString() {
        return "ConnectorRecord[" + kind + " " + name + " in " + workspaceId + "]";
    }
}
