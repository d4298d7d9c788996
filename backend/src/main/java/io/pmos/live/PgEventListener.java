package io.pmos.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/** LISTENs to the event channel on a dedicated PostgreSQL connection (reconnecting) and hands announcements to the hub. */
@ApplicationScoped
public class PgEventListener {

    private static final Logger LOG = Logger.getLogger(PgEventListener.class);

    private final Vertx vertx;
    private final LiveHub hub;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public PgEventListener(Vertx vertx, LiveHub hub,
                           @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.hub = hub;
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
                .subscribeHandler(hub::resync)
                .handler(payload -> {
                    int space = payload.lastIndexOf(' ');
                    if (space > 0) {
                        try {
                            hub.onNotify(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
                        } catch (NumberFormatException e) {
                            LOG.warnf("Ignoring a malformed event announcement");
                        }
                    }
                });
        subscriber.connect().subscribe().with(
                v -> LOG.debug("Listening for live events"),
                e -> LOG.errorf("Could not LISTEN for live events: %s", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
