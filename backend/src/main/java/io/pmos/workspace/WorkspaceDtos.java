package io.pmos.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.UUID;

/** Request and answer bodies of the member, invitation and admin endpoints. */
public final class WorkspaceDtos {

    private WorkspaceDtos() {
    }

    public record RoleRequest(String role) {
    }

    public record InviteRequest(String email, String role) {
    }

    public record AcceptRequest(String name, String password) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberView(UUID userId, String name, String email, String role, long joinedAtMs, Long lastLoginAtMs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvitationView(UUID id, String email, String role, long createdAtMs, long expiresAtMs,
                                 UUID invitedBy, String url) {
    }

    /** What an invitee sees before accepting. */
    public record InvitationPreview(String email, String role, String workspaceName, long expiresAtMs) {
    }

    public record MembersAnswer(boolean ok, List<MemberView> members) {
    }

    public record MemberAnswer(boolean ok, MemberView member) {
    }

    public record InvitationsAnswer(boolean ok, List<InvitationView> invitations) {
    }

    public record InvitationAnswer(boolean ok, InvitationView invitation) {
    }

    public record PreviewAnswer(boolean ok, InvitationPreview invitation) {
    }
}
