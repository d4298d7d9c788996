package io.pmos.admin;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.Fields;
import io.pmos.identity.Caller;
import io.pmos.identity.User;
import io.pmos.identity.UserRepository;
import io.pmos.workspace.Membership;
import io.pmos.workspace.MembershipRepository;
import io.pmos.workspace.Workspace;
import io.pmos.workspace.WorkspaceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The instance-wide view for super_admin: every workspace, every user, instance settings. */
@ApplicationScoped
public class AdminService {

    private static final int MAX_PAGE = 200;

    private final WorkspaceRepository workspaces;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final InstanceSettings settings;
    private final AuditService audit;

    public AdminService(WorkspaceRepository workspaces, UserRepository users, MembershipRepository memberships,
                        InstanceSettings settings, AuditService audit) {
        this.workspaces = workspaces;
        this.users = users;
        this.memberships = memberships;
        this.settings = settings;
        this.audit = audit;
    }

    public Uni<List<AdminDtos.WorkspaceRow>> workspaces() {
        return Panache.withSession(() -> workspaces.listAll(Sort.ascending("createdAt"))
                .flatMap(all -> memberships.listAll().map(ms -> {
                    Map<UUID, Long> counts = ms.stream().collect(Collectors.groupingBy(m -> m.workspaceId, Collectors.counting()));
                    return all.stream().map(w -> new AdminDtos.WorkspaceRow(w.id, w.name, w.createdAt.toEpochMilli(),
                            counts.getOrDefault(w.id, 0L))).toList();
                })));
    }

    public Uni<AdminDtos.UsersAnswer> users(Integer limit, Integer offset) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, MAX_PAGE));
        int skip = offset == null ? 0 : offset;
        return Panache.withSession(() -> users.count().flatMap(total -> users.findAll(Sort.ascending("createdAt"))
                .range(skip, skip + size - 1).list()
                .flatMap(page -> rows(page).map(rows -> new AdminDtos.UsersAnswer(true, rows, total)))));
    }

    public Uni<AdminDtos.Settings> settings() {
        return settings.signupEnabled().map(AdminDtos.Settings::new);
    }

    public Uni<AdminDtos.Settings> updateSettings(Caller caller, AdminDtos.Settings body) {
        Fields.body(body);
        if (body.signupEnabled() == null) {
            throw io.pmos.common.ApiException.badRequest("Field 'signupEnabled' is required.");
        }
        return settings.setSignupEnabled(body.signupEnabled())
                .call(() -> audit.record(AuditEntry.by(caller, "settings.update", AuditEntry.SUCCESS)
                        .with("signupEnabled", body.signupEnabled())))
                .replaceWith(body);
    }

    private Uni<List<AdminDtos.UserRow>> rows(List<User> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = page.stream().map(u -> u.id).toList();
        return memberships.list("userId in ?1", Sort.ascending("createdAt"), ids).flatMap(ms -> {
            Map<UUID, Membership> primary = ms.stream()
                    .collect(Collectors.toMap(m -> m.userId, Function.identity(), (a, b) -> a));
            List<UUID> wsIds = ms.stream().map(m -> m.workspaceId).distinct().toList();
            return workspaces.list("id in ?1", wsIds).map(wss -> {
                Map<UUID, Workspace> byId = wss.stream().collect(Collectors.toMap(w -> w.id, Function.identity()));
                return page.stream().map(u -> {
                    Membership m = primary.get(u.id);
                    Workspace w = m == null ? null : byId.get(m.workspaceId);
                    return new AdminDtos.UserRow(u.id, u.name, u.email, m == null ? null : m.role,
                            w == null ? null : w.id, w == null ? null : w.name, u.createdAt.toEpochMilli(),
                            u.lastLoginAt == null ? null : u.lastLoginAt.toEpochMilli());
                }).toList();
            });
        });
    }

}
