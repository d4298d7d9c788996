package io.pmos.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.UUID;

/** The signed-in user as the API shows it (board contract), with the active workspace's role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(UUID id, String name, String email, String role, UUID workspaceId, String workspaceName,
                       long createdAtMs, long updatedAtMs, Long lastLoginAtMs) {
}
