package io.pmos.workspace;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.identity.SessionRepository;
import io.pmos.identity.User;
import io.pmos.identity.UserRepository;
import io.pmos.live.AccessChanges;
import io.pmos.workspace.WorkspaceDtos.MemberView;
import io.pmos.workspace.WorkspaceDtos.RoleRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Members of the caller's workspace: list, change role, remove. Never reaches into another workspace. */
@ApplicationScoped
public class MemberService {

    static final String NO_SUCH_MEMBER = "No such member in your workspace.";

    private final MembershipRepository memberships;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final AuditService audit;
    private final AccessChanges accessChanges;

    public MemberService(MembershipRepository memberships, UserRepository users, SessionRepository sessions,
                         AuditService audit, AccessChanges accessChanges) {
        this.memberships = memberships;
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.accessChanges = accessChanges;
    }

    public Uni<List<MemberView>> list(Caller caller) {
        return Panache.withSession(() -> memberships.inWorkspace(caller.workspaceId())
                .flatMap(list -> users.list("id in ?1", list.stream().map(m -> m.userId).toList())
                        .map(people -> list.stream()
                                .map(m -> toView(m, people.stream().filter(u -> u.id.equals(m.userId)).findFirst().orElseThrow()))
                                .toList())));
    }

    public Uni<MemberView> changeRole(Caller caller, String userIdText, RoleRequest body) {
        UUID userId = Fields.pathId(userIdText, "member");
        Fields.body(body);
        String role = Fields.required(body.role(), "role");
        if (!Roles.ASSIGNABLE.contains(role)) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "Role must be one of " + String.join(", ", Roles.ASSIGNABLE) + "."));
        }
        if (userId.equals(caller.userId())) {
            return Uni.createFrom().failure(ApiException.badRequest("You cannot change your own role."));
        }
        return Panache.withTransaction(() -> target(caller, userId).flatMap(m -> {
                    String before = m.role;
                    m.role = role;
                    m.updatedAt = Instant.now();
                    return users.findById(userId).map(u -> new Changed(toView(m, u), before));
                }))
                // open sockets of that user drop the topics the new role may not watch, on every instance
                .call(() -> accessChanges.announce(caller.workspaceId(), userId, AccessChanges.ROLE_CHANGED))
                .call(c -> audit.record(AuditEntry.by(caller, "member.role.change", AuditEntry.SUCCESS)
                        .with("targetUserId", userId.toString()).with("targetEmail", c.view().email())
                        .with("from", c.before()).with("to", role)))
                .map(Changed::view);
    }

    /** Removes the membership and the user's sessions in this workspace; a user left with no workspace is deleted. */
    public Uni<Void> remove(Caller caller, String userIdText) {
        UUID userId = Fields.pathId(userIdText, "member");
        if (userId.equals(caller.userId())) {
            return Uni.createFrom().failure(ApiException.badRequest("You cannot remove yourself from the workspace."));
        }
        return Panache.withTransaction(() -> target(caller, userId)
                        .flatMap(m -> users.findById(userId).flatMap(u -> memberships.delete(m)
                                .flatMap(v -> sessions.update("revokedAt = ?1 where userId = ?2 and workspaceId = ?3 and revokedAt is null",
                                        Instant.now(), userId, caller.workspaceId()))
                                .flatMap(n -> memberships.countOf(userId))
                                .flatMap(left -> left == 0 ? users.delete(u) : Uni.createFrom().voidItem())
                                .replaceWith(u.email))))
                .call(() -> accessChanges.announce(caller.workspaceId(), userId, AccessChanges.REMOVED))
                .call(email -> audit.record(AuditEntry.by(caller, "member.remove", AuditEntry.SUCCESS)
                        .with("targetUserId", userId.toString()).with("targetEmail", email)))
                .replaceWithVoid();
    }

    /** The membership of a user in the caller's workspace, refusing what the caller may not touch. */
    private Uni<Membership> target(Caller caller, UUID userId) {
        return memberships.findFor(caller.workspaceId(), userId).flatMap(m -> {
            if (m == null) {
                return Uni.createFrom().failure(ApiException.notFound(NO_SUCH_MEMBER));
            }
            if (Roles.SUPER_ADMIN.equals(m.role)) {
                return Uni.createFrom().failure(ApiException.forbidden("The super admin's membership cannot be changed."));
            }
            return Uni.createFrom().item(m);
        });
    }

    static MemberView toView(Membership m, User u) {
        return new MemberView(u.id, u.name, u.email, m.role, m.createdAt.toEpochMilli(),
                u.lastLoginAt == null ? null : u.lastLoginAt.toEpochMilli());
    }

    private record Changed(MemberView view, String before) {
    }
}
