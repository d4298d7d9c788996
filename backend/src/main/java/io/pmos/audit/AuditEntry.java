package io.pmos.audit;

import io.pmos.common.ClientInfo;
import io.pmos.identity.Caller;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One audit record to write: what happened, to whom, from where, and how it ended. Never holds a secret. */
public record AuditEntry(String action, String outcome, UUID actorId, String actorEmail, UUID workspaceId,
                         String ip, String userAgent, Map<String, Object> detail) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DENIED = "denied";

    public static AuditEntry by(Caller caller, String action, String outcome) {
        return new AuditEntry(action, outcome, caller.userId(), caller.email(), caller.workspaceId(),
                caller.ip(), caller.userAgent(), new LinkedHashMap<>());
    }

    public static AuditEntry anonymous(ClientInfo client, String action, String outcome) {
        return new AuditEntry(action, outcome, null, null, null, client.ip(), client.userAgent(),
                new LinkedHashMap<>());
    }

    public AuditEntry actor(UUID userId, String email, UUID workspace) {
        return new AuditEntry(action, outcome, userId, email, workspace, ip, userAgent, detail);
    }

    public AuditEntry with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(detail);
        copy.put(key, value);
        return new AuditEntry(action, outcome, actorId, actorEmail, workspaceId, ip, userAgent, copy);
    }
}
