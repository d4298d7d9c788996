package io.pmos.live;

import io.pmos.identity.SessionCache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Announces that a user's access changed (signed out, sessions revoked, password changed or reset, removed, new role)
 * on the event seam, topic {@code access:<userId>}: every instance then drops that user's cached sessions
 * ({@link SessionCache}) and re-checks the user's open sockets against the database, closing or narrowing them.
 * Called after the change has committed; this instance forgets the cached sessions at once, before the change is
 * answered, so the next request here already sees it.
 */
@ApplicationScoped
public class AccessChanges {

    /** Topic prefix of access changes; not a topic clients can subscribe to (no {@link TopicSource} owns it). */
    public static final String PREFIX = "access:";

    public static final String SIGNED_OUT = "access.signed_out";
    public static final String PASSWORD_CHANGED = "access.password_changed";
    public static final String PASSWORD_RESET = "access.password_reset";
    public static final String ROLE_CHANGED = "access.role_changed";
    public static final String REMOVED = "access.removed";

    private static final Logger LOG = Logger.getLogger(AccessChanges.class);

    private final EventLog log;
    private final SessionCache sessions;

    public AccessChanges(EventLog log, SessionCache sessions) {
        this.log = log;
        this.sessions = sessions;
    }

    public static String topic(UUID userId) {
        return PREFIX + userId;
    }

    /**
     * Publishes the change; never fails the caller's request (the change itself is committed): when the announcement
     * cannot be written, the hubs' periodic re-check still closes the sockets, only later.
     */
    public Uni<Void> announce(UUID workspaceId, UUID userId, String change) {
        sessions.forgetUser(userId);
        return log.publish(workspaceId, topic(userId), change, new JsonObject().put("userId", userId.toString()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not announce %s for a user: %s", change, e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    /** An access change announced on the seam (by any instance, this one included): its user's sessions are re-read. */
    void arrived(String topic) {
        try {
            sessions.forgetUser(UUID.fromString(topic.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed access announcement");
        }
    }
}
