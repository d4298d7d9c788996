package io.pmos.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.UUID;

/** Bodies of the super_admin endpoints. */
public final class AdminDtos {

    private AdminDtos() {
    }

    public record WorkspaceRow(UUID id, String name, long createdAtMs, long memberCount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserRow(UUID id, String name, String email, String role, UUID workspaceId, String workspaceName,
                          long createdAtMs, Long lastLoginAtMs) {
    }

    public record WorkspacesAnswer(boolean ok, List<WorkspaceRow> workspaces) {
    }

    public record UsersAnswer(boolean ok, List<UserRow> users, long total) {
    }

    public record Settings(Boolean signupEnabled) {
    }

    public record SettingsAnswer(boolean ok, Settings settings) {
    }
}
