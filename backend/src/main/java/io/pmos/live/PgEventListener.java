package io.pmos.live;

import io.pmos.identity.SessionCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * LISTENs to the event channels on a dedicated PostgreSQL connection (reconnecting) and hands announcements to the hub:
 * events that came with their data straight to its feeds; the plain announcements to the seam handlers and the hub
 * (which reads the event only when it has not already got it with its data).
 */
@ApplicationScoped
public class PgEventListener {

    private static final Logger LOG = Logger.getLogger(PgEventListener.class);

    private final Vertx vertx;
    private final LiveHub hub;
    private final AccessChanges accessChanges;
    private final SessionCache sessions;
    private final List<SeamHandler> handlers;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public PgEventListener(Vertx vertx, LiveHub hub, AccessChanges accessChanges, SessionCache sessions,
                           Instance<SeamHandler> handlers,
                           @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.hub = hub;
        this.accessChanges = accessChanges;
        this.sessions = sessions;
        this.handlers = handlers.stream().toList();
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> retries < 1000 ? 1000L : -1L);
        subscriber.channel(EventLog.CHANNEL)
                .subscribeHandler(() -> {
                    // (re)connected: access changes announced meanwhile were missed, so cached sessions are re-read
                    sessions.forgetAll();
                    hub.resync();
                })
                .handler(payload -> {
                    int space = payload.lastIndexOf(' ');
                    if (space > 0) {
                        try {
                            dispatch(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
                        } catch (NumberFormatException e) {
                            LOG.warnf("Ignoring a malformed event announcement");
                        }
                    }
                });
        subscriber.channel(EventLog.DATA_CHANNEL).handler(payload -> {
            LiveEvent announced = EventLog.parseWithData(payload);
            if (announced == null) {
                LOG.warnf("Ignoring a malformed event announcement");
            } else {
                hub.onEvent(announced);
            }
        });
        subscriber.connect().subscribe().with(
                v -> LOG.debug("Listening for live events"),
                e -> LOG.errorf("Could not LISTEN for live events: %s", e.getMessage()));
    }

    /** Messages between instances go to their handler; everything else is an update for the hub's clients. */
    void dispatch(String topic, long seq) {
        if (topic.startsWith(AccessChanges.PREFIX)) {
            accessChanges.arrived(topic);
        }
        for (SeamHandler h : handlers) {
            if (topic.startsWith(h.prefix())) {
                h.onEvent(topic, seq);
                return;
            }
        }
        hub.onNotify(topic, seq);
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
