package io.pmos.secrets;

import java.util.UUID;

/** The encryption context of a connector's secret: binds a ciphertext to its workspace and row. */
public final class ConnectorSecrets {

    private ConnectorSecrets() {
    }

    public static String context(UUID workspaceId, UUID connectorId) {
        return "connector:" + workspaceId + "/" + connectorId;
    }
}
