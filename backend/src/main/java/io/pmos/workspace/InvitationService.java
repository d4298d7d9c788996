package io.pmos.workspace;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.ClientInfo;
import io.pmos.common.Fields;
import io.pmos.config.PmosConfig;
import io.pmos.identity.AuthDtos.SignedIn;
import io.pmos.identity.AuthService;
import io.pmos.identity.Caller;
import io.pmos.identity.PasswordHasher;
import io.pmos.identity.Roles;
import io.pmos.identity.Tokens;
import io.pmos.identity.UserRepository;
import io.pmos.workspace.WorkspaceDtos.AcceptRequest;
import io.pmos.workspace.WorkspaceDtos.InvitationPreview;
import io.pmos.workspace.WorkspaceDtos.InvitationView;
import io.pmos.workspace.WorkspaceDtos.InviteRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One-time invitation links: an admin creates one for an email and role; the invitee sets name and password. */
@ApplicationScoped
public class InvitationService {

    static final String INVALID_LINK = "This invitation link is not valid any more: it may have expired, been used or "
            + "been revoked. Ask your workspace administrator for a new one.";
    public static final String LINK_PREFIX = "/invite/";

    private final InvitationRepository invitations;
    private final WorkspaceRepository workspaces;
    private final UserRepository users;
    private final AuthService auth;
    private final PasswordHasher hasher;
    private final AuditService audit;
    private final Duration ttl;

    public InvitationService(InvitationRepository invitations, WorkspaceRepository workspaces, UserRepository users,
                             AuthService auth, PasswordHasher hasher, AuditService audit, PmosConfig config) {
        this.invitations = invitations;
        this.workspaces = workspaces;
        this.users = users;
        this.auth = auth;
        this.hasher = hasher;
        this.audit = audit;
        this.ttl = config.auth().invitationTtl();
    }

    public Uni<List<InvitationView>> pending(Caller caller) {
        return Panache.withSession(() -> invitations.pendingIn(caller.workspaceId(), Instant.now()))
                .map(list -> list.stream().map(i -> toView(i, null)).toList());
    }

    /** Creates an invitation; an earlier pending one for the same email in this workspace is replaced. */
    public Uni<InvitationView> create(Caller caller, InviteRequest body) {
        Fields.body(body);
        String email = Fields.email(body.email());
        String role = Fields.required(body.role(), "role");
        if (!Roles.ASSIGNABLE.contains(role)) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "Role must be one of " + String.join(", ", Roles.ASSIGNABLE) + "."));
        }
        String token = Tokens.newToken();
        Instant now = Instant.now();
        return Panache.withTransaction(() -> users.findByEmail(email).flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "An account with this email already exists."));
                    }
                    return invitations.update("revokedAt = ?1 where workspaceId = ?2 and email = ?3 "
                                    + "and acceptedAt is null and revokedAt is null", now, caller.workspaceId(), email)
                            .flatMap(n -> {
                                Invitation inv = new Invitation();
                                inv.id = UUID.randomUUID();
                                inv.workspaceId = caller.workspaceId();
                                inv.email = email;
                                inv.role = role;
                                inv.tokenHash = Tokens.hash(token);
                                inv.invitedBy = caller.userId();
                                inv.createdAt = now;
                                inv.expiresAt = now.plus(ttl);
                                return invitations.persistAndFlush(inv);
                            });
                }))
                .call(inv -> audit.record(AuditEntry.by(caller, "member.invite", AuditEntry.SUCCESS)
                        .with("invitationId", inv.id.toString()).with("email", email).with("role", role)))
                .map(inv -> toView(inv, LINK_PREFIX + token));
    }

    public Uni<Void> revoke(Caller caller, String idText) {
        UUID id = Fields.pathId(idText, "invitation");
        return Panache.withTransaction(() -> invitations.findIn(caller.workspaceId(), id).flatMap(inv -> {
                    if (inv == null || !inv.isPending(Instant.now())) {
                        return Uni.createFrom().failure(ApiException.notFound("No such pending invitation in your workspace."));
                    }
                    inv.revokedAt = Instant.now();
                    return Uni.createFrom().item(inv);
                }))
                .call(inv -> audit.record(AuditEntry.by(caller, "member.invite.revoke", AuditEntry.SUCCESS)
                        .with("invitationId", inv.id.toString()).with("email", inv.email)))
                .replaceWithVoid();
    }

    public Uni<InvitationPreview> preview(String token) {
        return Panache.withSession(() -> invitations.findByTokenHash(Tokens.hash(token)).flatMap(inv -> {
            if (inv == null || !inv.isPending(Instant.now())) {
                return Uni.createFrom().failure(ApiException.notFound(INVALID_LINK));
            }
            return workspaces.findById(inv.workspaceId)
                    .map(ws -> new InvitationPreview(inv.email, inv.role, ws.name, inv.expiresAt.toEpochMilli()));
        }));
    }

    /** Creates the invitee's account in the inviting workspace and signs them in; the link works once. */
    public Uni<SignedIn> accept(String token, AcceptRequest body, ClientInfo client) {
        Fields.body(body);
        String name = Fields.name(body.name());
        String password = Fields.password(body.password(), "password");
        return hasher.hash(password).flatMap(hash -> Panache.withTransaction(() -> invitations
                        .find("tokenHash", Tokens.hash(token)).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                        .flatMap(inv -> {
                            if (inv == null || !inv.isPending(Instant.now())) {
                                return Uni.createFrom().failure(ApiException.notFound(INVALID_LINK));
                            }
                            return users.findByEmail(inv.email).flatMap(existing -> {
                                if (existing != null) {
                                    return Uni.createFrom().failure(ApiException.conflict(
                                            "An account with this email already exists. Sign in instead."));
                                }
                                return workspaces.findById(inv.workspaceId)
                                        .flatMap(ws -> auth.createAccount(name, inv.email, hash, ws, inv.role, client))
                                        .invoke(in -> {
                                            inv.acceptedAt = Instant.now();
                                            inv.acceptedBy = in.user().id();
                                        });
                            });
                        })))
                .call(in -> audit.record(AuditEntry.anonymous(client, "member.join", AuditEntry.SUCCESS)
                        .actor(in.user().id(), in.user().email(), in.user().workspaceId())
                        .with("role", in.user().role())));
    }

    static InvitationView toView(Invitation inv, String url) {
        return new InvitationView(inv.id, inv.email, inv.role, inv.createdAt.toEpochMilli(),
                inv.expiresAt.toEpochMilli(), inv.invitedBy, url);
    }
}
