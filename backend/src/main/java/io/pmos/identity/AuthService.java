package io.pmos.identity;

import io.pmos.admin.InstanceSettings;
import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.ClientInfo;
import io.pmos.common.Fields;
import io.pmos.config.PmosConfig;
import io.pmos.identity.AuthDtos.ChangePasswordRequest;
import io.pmos.identity.AuthDtos.LoginRequest;
import io.pmos.identity.AuthDtos.ResetPasswordRequest;
import io.pmos.identity.AuthDtos.SignedIn;
import io.pmos.identity.AuthDtos.SignupRequest;
import io.pmos.live.AccessChanges;
import io.pmos.workspace.Membership;
import io.pmos.workspace.MembershipRepository;
import io.pmos.workspace.Workspace;
import io.pmos.workspace.WorkspaceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Accounts and sessions: sign-up with role bootstrap, sign-in with brute-force protection, passwords. */
@ApplicationScoped
public class AuthService {

    static final String INVALID_LOGIN = "Invalid email or password.";
    static final String EMAIL_TAKEN = "An account with this email already exists.";
    static final String SIGNUP_CLOSED = "Self-signup is closed on this server. Ask an administrator for an invitation.";
    /** Serializes sign-ups so that exactly one first account becomes super_admin. */
    private static final long SIGNUP_LOCK = 0x504d4f53L;

    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final InstanceSettings settings;
    private final AuditService audit;
    private final AccessChanges accessChanges;
    private final Duration sessionTtl;
    private final io.pmos.metrics.PmosMetrics metrics;

    public AuthService(UserRepository users, WorkspaceRepository workspaces, MembershipRepository memberships,
                       SessionRepository sessions, PasswordHasher hasher, LoginThrottle throttle,
                       InstanceSettings settings, AuditService audit, AccessChanges accessChanges, PmosConfig config,
                       io.pmos.metrics.PmosMetrics metrics) {
        this.metrics = metrics;
        this.users = users;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.settings = settings;
        this.audit = audit;
        this.accessChanges = accessChanges;
        this.sessionTtl = config.auth().sessionTtl();
    }

    public Uni<Boolean> bootstrapNeeded() {
        return Panache.withSession(() -> users.count()).map(count -> count == 0);
    }

    public Uni<Boolean> signupEnabled() {
        return settings.signupEnabled();
    }

    public Uni<SignedIn> signup(SignupRequest body, ClientInfo client) {
        Fields.body(body);
        String name = Fields.name(body.name());
        String email = Fields.email(body.email());
        String password = Fields.password(body.password(), "password");
        return hasher.hash(password)
                .flatMap(hash -> settings.signupEnabled().flatMap(open -> Panache.withTransaction(() -> lockSignups()
                        .flatMap(v -> users.count())
                        .flatMap(count -> {
                            boolean first = count == 0;
                            if (!first && !open) {
                                return Uni.createFrom().failure(ApiException.forbidden(SIGNUP_CLOSED));
                            }
                            return users.findByEmail(email).flatMap(existing -> {
                                if (existing != null) {
                                    return Uni.createFrom().failure(ApiException.conflict(EMAIL_TAKEN));
                                }
                                return newWorkspace(name).flatMap(ws -> createAccount(name, email, hash, ws,
                                        first ? Roles.SUPER_ADMIN : Roles.WORKSPACE_ADMIN, client));
                            });
                        }))))
                .call(in -> audit.record(AuditEntry.anonymous(client, "auth.signup", AuditEntry.SUCCESS)
                        .actor(in.user().id(), in.user().email(), in.user().workspaceId())
                        .with("role", in.user().role())))
                .onFailure(ApiException.class).call(e -> ((ApiException) e).status() == 400
                        ? Uni.createFrom().voidItem()
                        : audit.record(AuditEntry.anonymous(client, "auth.signup", AuditEntry.FAILURE)
                        .with("email", email).with("reason", e.getMessage())));
    }

    public Uni<SignedIn> login(LoginRequest body, ClientInfo client) {
        Fields.body(body);
        String email = Fields.required(body.email(), "email").strip().toLowerCase(Locale.ROOT);
        String password = Fields.required(body.password(), "password");
        if (email.length() > Fields.EMAIL_MAX || password.length() > Fields.PASSWORD_MAX) {
            return Uni.createFrom().failure(new ApiException(401, INVALID_LOGIN));
        }
        // The slot is reserved before the password is checked, so concurrent requests cannot all pass the count.
        return throttle.reserve(email, client.ip()).flatMap(slot -> {
            if (!slot.granted()) {
                metrics.loginLockedOut();
                long wait = slot.retryAfterSeconds();
                return audit.record(AuditEntry.anonymous(client, "auth.login", AuditEntry.DENIED)
                                .with("email", email).with("reason", "too many failed attempts"))
                        .replaceWith(Uni.createFrom().failure(new ApiException(429,
                                "Too many failed sign-in attempts. Try again in " + minutes(wait) + ".",
                                Map.of("Retry-After", Long.toString(wait)))));
            }
            return Panache.withSession(() -> users.findByEmail(email)).flatMap(user ->
                    (user == null ? hasher.verifyDecoy(password) : hasher.verify(password, user.passwordHash))
                            .flatMap(valid -> {
                                if (!valid) {
                                    metrics.loginFailed();
                                    // the reservation stays: it is the record of this failure
                                    AuditEntry anonymous = AuditEntry.anonymous(client, "auth.login", AuditEntry.FAILURE)
                                            .with("email", email);
                                    AuditEntry failed = user == null ? anonymous : anonymous.actor(user.id, user.email, null);
                                    return audit.record(failed)
                                            .replaceWith(Uni.createFrom().failure(new ApiException(401, INVALID_LOGIN)));
                                }
                                return throttle.succeeded(slot.id())
                                        .flatMap(v -> Panache.withTransaction(() -> startSession(user.id, client)));
                            }));
        }).call(in -> audit.record(AuditEntry.anonymous(client, "auth.login", AuditEntry.SUCCESS)
                .actor(in.user().id(), in.user().email(), in.user().workspaceId())));
    }

    public Uni<Void> logout(Caller caller) {
        return Panache.withTransaction(() -> sessions.revoke(caller.sessionId()))
                .call(() -> accessChanges.announce(caller.workspaceId(), caller.userId(), AccessChanges.SIGNED_OUT))
                .call(() -> audit.record(AuditEntry.by(caller, "auth.logout", AuditEntry.SUCCESS)))
                .replaceWithVoid();
    }

    public Uni<Void> changePassword(Caller caller, ChangePasswordRequest body) {
        Fields.body(body);
        String current = Fields.required(body.currentPassword(), "currentPassword");
        String next = Fields.password(body.newPassword(), "newPassword");
        return Panache.withSession(() -> users.findById(caller.userId()))
                .flatMap(user -> hasher.verify(current, user.passwordHash))
                .flatMap(valid -> {
                    if (!valid) {
                        return audit.record(AuditEntry.by(caller, "auth.password.change", AuditEntry.FAILURE)
                                        .with("reason", "current password wrong"))
                                .replaceWith(Uni.createFrom().failure(
                                        ApiException.badRequest("Your current password is not correct.")));
                    }
                    return hasher.hash(next).flatMap(hash -> Panache.withTransaction(() -> users.findById(caller.userId())
                            .invoke(user -> {
                                user.passwordHash = hash;
                                user.updatedAt = Instant.now();
                            })
                            .flatMap(user -> sessions.revokeAllOf(caller.userId(), caller.sessionId())))
                            .call(() -> accessChanges.announce(caller.workspaceId(), caller.userId(),
                                    AccessChanges.PASSWORD_CHANGED)));
                })
                .call(() -> audit.record(AuditEntry.by(caller, "auth.password.change", AuditEntry.SUCCESS)))
                .replaceWithVoid();
    }

    /** super_admin resets anyone's password; workspace_admin only within the own workspace, never a super_admin's. */
    public Uni<Void> resetPassword(Caller caller, ResetPasswordRequest body) {
        Fields.body(body);
        UUID target = Fields.id(body.userId(), "userId");
        String next = Fields.password(body.newPassword(), "newPassword");
        if (target.equals(caller.userId())) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "Use 'Change password' for your own account."));
        }
        return Panache.withSession(() -> (caller.isSuperAdmin()
                        ? memberships.primaryOf(target)
                        : memberships.findFor(caller.workspaceId(), target)).flatMap(m -> {
                    if (m == null) {
                        return Uni.createFrom().failure(ApiException.notFound("No such user in your workspace."));
                    }
                    if (Roles.SUPER_ADMIN.equals(m.role) && !caller.isSuperAdmin()) {
                        return Uni.createFrom().failure(ApiException.forbidden(
                                "Only a super admin can reset a super admin's password."));
                    }
                    return users.findById(target).map(u -> new ResetTarget(u, m.workspaceId));
                }))
                .flatMap(found -> hasher.hash(next).flatMap(hash -> Panache.withTransaction(() -> users.findById(target)
                        .invoke(u -> {
                            u.passwordHash = hash;
                            u.updatedAt = Instant.now();
                        })
                        .flatMap(u -> sessions.revokeAllOf(target, null)))
                        .call(() -> accessChanges.announce(found.workspaceId(), target, AccessChanges.PASSWORD_RESET))
                        .replaceWith(found.user())))
                .call(user -> audit.record(AuditEntry.by(caller, "auth.password.reset", AuditEntry.SUCCESS)
                        .with("targetUserId", user.id.toString()).with("targetEmail", user.email)))
                .replaceWithVoid();
    }

    /** Creates user, membership and a first session; runs inside the caller's transaction. */
    public Uni<SignedIn> createAccount(String name, String email, String passwordHash, Workspace workspace, String role,
                                       ClientInfo client) {
        Instant now = Instant.now();
        User user = new User();
        user.id = UUID.randomUUID();
        user.name = name;
        user.email = email;
        user.passwordHash = passwordHash;
        user.createdAt = now;
        user.updatedAt = now;
        user.lastLoginAt = now;
        Membership membership = new Membership();
        membership.id = UUID.randomUUID();
        membership.workspaceId = workspace.id;
        membership.userId = user.id;
        membership.role = role;
        membership.createdAt = now;
        membership.updatedAt = now;
        return users.persistAndFlush(user)
                .flatMap(u -> memberships.persistAndFlush(membership))
                .flatMap(m -> newSession(user.id, workspace.id, client))
                .map(token -> new SignedIn(toView(user, workspace, role), token));
    }

    private Uni<SignedIn> startSession(UUID userId, ClientInfo client) {
        return memberships.primaryOf(userId).flatMap(m -> {
            if (m == null) {
                return Uni.createFrom().failure(new ApiException(401, INVALID_LOGIN));
            }
            return users.findById(userId)
                    .invoke(u -> u.lastLoginAt = Instant.now())
                    .flatMap(u -> newSession(userId, m.workspaceId, client))
                    .flatMap(token -> view(userId, m.workspaceId).map(v -> new SignedIn(v, token)));
        });
    }

    private Uni<String> newSession(UUID userId, UUID workspaceId, ClientInfo client) {
        String token = Tokens.newToken();
        Instant now = Instant.now();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.tokenHash = Tokens.hash(token);
        session.userId = userId;
        session.workspaceId = workspaceId;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(sessionTtl);
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        return sessions.persistAndFlush(session).replaceWith(token);
    }

    private Uni<Workspace> newWorkspace(String ownerName) {
        Workspace ws = new Workspace();
        ws.id = UUID.randomUUID();
        String label = ownerName + "'s workspace";
        ws.name = label.length() > 200 ? label.substring(0, 200) : label;
        ws.createdAt = Instant.now();
        ws.updatedAt = ws.createdAt;
        return workspaces.persistAndFlush(ws);
    }

    private Uni<Void> lockSignups() {
        return Panache.getSession().flatMap(s -> s
                .createNativeQuery("SELECT CAST(pg_advisory_xact_lock(" + SIGNUP_LOCK + ") AS text)")
                .getSingleResult()).replaceWithVoid();
    }

    private Uni<UserView> view(UUID userId, UUID workspaceId) {
        return users.findById(userId).flatMap(user -> workspaces.findById(workspaceId)
                .flatMap(ws -> memberships.findFor(workspaceId, userId)
                        .map(m -> toView(user, ws, m.role))));
    }

    static UserView toView(User user, Workspace ws, String role) {
        return new UserView(user.id, user.name, user.email, role, ws.id, ws.name,
                user.createdAt.toEpochMilli(), user.updatedAt.toEpochMilli(),
                user.lastLoginAt == null ? null : user.lastLoginAt.toEpochMilli());
    }

    private record ResetTarget(User user, UUID workspaceId) {
    }

    private static String minutes(long seconds) {
        long m = (seconds + 59) / 60;
        return m <= 1 ? "a minute" : m + " minutes";
    }
}
