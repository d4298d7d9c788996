package io.pmos.mcp;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Keeps one live MCP session per key (workspace + connector), so calls reuse the handshake and the connections.
 * A changed endpoint (URL or credential) replaces the session; idle or dead sessions are closed; callers close a
 * key on demand when a connector's settings change or it is removed.
 */
@ApplicationScoped
public class McpSessions {

    private static final Logger LOG = Logger.getLogger(McpSessions.class);

    private final McpClient client;
    private final Duration idleTimeout;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public McpSessions(McpClient client) {
        this(client, client.settings().sessionIdleTimeout());
    }

    public McpSessions(McpClient client, Duration idleTimeout) {
        this.client = client;
        this.idleTimeout = idleTimeout;
    }

    /** The conventional key for a connector of a workspace. */
    public static String key(UUID workspaceId, String connectorId) {
        return workspaceId + "/" + connectorId;
    }

    /**
     * A live session for the key, opening one if needed. Concurrent callers share one handshake; a failed
     * handshake is not remembered, so the next call tries again.
     */
    public Uni<McpSession> session(String key, McpEndpoint endpoint) {
        return Uni.createFrom().deferred(() -> resolve(key, endpoint, true));
    }

    private Uni<McpSession> resolve(String key, McpEndpoint endpoint, boolean mayReplaceDead) {
        Entry entry = entries.compute(key, (k, old) -> {
            if (old != null && old.endpoint.equals(endpoint) && !old.isDead()) {
                return old;
            }
            if (old != null) {
                old.retire();
            }
            return new Entry(endpoint, client.connect(endpoint));
        });
        return entry.session
                .onFailure().invoke(e -> entries.remove(key, entry))
                .flatMap(s -> {
                    if (s.isOpen()) {
                        return Uni.createFrom().item(s);
                    }
                    entries.remove(key, entry);
                    return mayReplaceDead ? resolve(key, endpoint, false)
                            : Uni.createFrom().failure(new McpException(McpErrorCode.MCP_SESSION_CLOSED,
                            "The MCP session for this connector closed while it was being opened; try again."));
                });
    }

    /** Closes the key's session (DELETE to the server), e.g. because the connector's settings changed. */
    public Uni<Void> close(String key) {
        Entry entry = entries.remove(key);
        return entry == null ? Uni.createFrom().voidItem() : entry.close();
    }

    /** Closes every session whose key matches, e.g. all connectors of a deleted workspace. */
    public Uni<Void> closeAll(Predicate<String> keys) {
        List<Uni<Void>> closing = new ArrayList<>();
        for (String key : List.copyOf(entries.keySet())) {
            if (keys.test(key)) {
                closing.add(close(key));
            }
        }
        return closing.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(closing).andCollectFailures().replaceWithVoid();
    }

    public int size() {
        return entries.size();
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeIdle() {
        return closeIdle(System.nanoTime());
    }

    /** Closes sessions that had no request for longer than the idle timeout and none running, and dead ones. */
    Uni<Void> closeIdle(long nowNanos) {
        List<Uni<Void>> closing = new ArrayList<>();
        entries.forEach((key, entry) -> {
            McpSession s = entry.opened.get();
            boolean idle = s != null && s.inFlightCount() == 0
                    && nowNanos - s.lastUsedNanos() > idleTimeout.toNanos();
            if ((idle || entry.isDead()) && entries.remove(key, entry)) {
                LOG.debugf("closing %s MCP session %s", idle ? "idle" : "dead", key);
                closing.add(entry.close());
            }
        });
        return closing.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(closing).andCollectFailures().replaceWithVoid();
    }

    @PreDestroy
    void shutdown() {
        try {
            closeAll(k -> true).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("closing MCP sessions at shutdown: %s", e.getMessage());
        }
    }

    /** One key's session: the shared handshake, and the session once it exists. */
    private static final class Entry {
        final McpEndpoint endpoint;
        final Uni<McpSession> session;
        final AtomicReference<McpSession> opened = new AtomicReference<>();

        Entry(McpEndpoint endpoint, Uni<McpSession> connect) {
            this.endpoint = endpoint;
            this.session = connect.onItem().invoke(opened::set).memoize().indefinitely();
        }

        boolean isDead() {
            McpSession s = opened.get();
            return s != null && !s.isOpen();
        }

        /** Closes in the background; a handshake still running is closed when it completes. */
        void retire() {
            close().subscribe().with(v -> { }, e -> { });
        }

        Uni<Void> close() {
            McpSession s = opened.get();
            if (s != null) {
                return s.close();
            }
            return session.onItem().transformToUni(McpSession::close).onFailure().recoverWithNull().replaceWithVoid();
        }
    }
}
