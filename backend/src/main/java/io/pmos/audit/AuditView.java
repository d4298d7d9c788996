package io.pmos.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.UUID;

/** An audit event as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditView(long id, long atMs, String action, String outcome, UUID actorId, String actorEmail,
                        UUID workspaceId, String ip, String userAgent, Object detail) {
}
