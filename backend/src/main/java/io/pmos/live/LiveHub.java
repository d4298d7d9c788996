package io.pmos.live;

import io.pmos.identity.Caller;
import io.pmos.identity.SessionRepository;
import io.pmos.identity.SessionRepository.SocketAccess;
import io.pmos.identity.SessionRepository.SocketKey;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live-update stream behind the WebSocket endpoint (which only forwards to it): clients, their topic
 * subscriptions, replay after a reconnect, and delivery of events announced by PostgreSQL. Each subscription
 * sends through its own bounded queue; a client that falls too far behind gets one snapshot instead of the
 * backlog, so a slow client cannot make memory grow. A socket follows its session: an access change announced on the
 * seam ({@link AccessChanges}, from any instance), the session's expiry and a periodic re-check close it or narrow its
 * subscriptions to what the user's current role allows.
 */
@ApplicationScoped
public class LiveHub {

    private static final Logger LOG = Logger.getLogger(LiveHub.class);
    static final int MAX_QUEUE = 64;
    static final int REPLAY_LIMIT = 200;
    static final int MAX_SUBSCRIPTIONS = 50;
    /** Close code when the socket's session ended: signed out, revoked (password change or reset) or expired. */
    public static final int CLOSE_SESSION_ENDED = 4401;
    public static final String SESSION_ENDED = "Your session has ended. Sign in again.";
    /** Close code when the user is no longer a member of the socket's workspace. */
    public static final int CLOSE_REMOVED = 4403;
    public static final String REMOVED = "You are no longer a member of this workspace.";
    /** Every socket is re-checked this often anyway, in case an announcement was lost. */
    static final Duration RECHECK_ALL_EVERY = Duration.ofSeconds(30);
    private static final int RECHECK_BATCH = 500;

    private final EventLog log;
    private final SessionRepository sessions;
    private final Map<String, TopicSource> sources = new HashMap<>();
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Subscription>> byTopic = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<Client>> byUser = new ConcurrentHashMap<>();
    private volatile Instant lastFullRecheck = Instant.now();

    private final io.pmos.metrics.PmosMetrics metrics;

    public LiveHub(EventLog log, SessionRepository sessions, Instance<TopicSource> topicSources,
                   io.pmos.metrics.PmosMetrics metrics) {
        this.log = log;
        this.sessions = sessions;
        this.metrics = metrics;
        topicSources.forEach(s -> sources.put(s.prefix(), s));
        metrics.gauge("pmos.live.connections", "Open live-update WebSocket connections on this instance", clients::size);
        metrics.gauge("pmos.live.subscriptions", "Topic subscriptions of those connections",
                () -> clients.values().stream().mapToInt(c -> c.subscriptions.size()).sum());
    }

    /**
     * A connected client; {@code sender} writes one text frame and completes when it is written, {@code closer} closes
     * the connection with a close code and reason.
     */
    public void connect(String clientId, Caller caller, Function<String, Uni<Void>> sender,
                        BiConsumer<Integer, String> closer) {
        Client client = new Client(clientId, caller, sender, closer);
        clients.put(clientId, client);
        byUser.computeIfAbsent(caller.userId(), u -> ConcurrentHashMap.newKeySet()).add(client);
        // The session may have ended between the upgrade and now (an announcement this client missed); this also
        // learns when the session expires.
        recheck(List.of(client)).subscribe().with(v -> { }, e -> { });
    }

    public void disconnect(String clientId) {
        Client client = clients.remove(clientId);
        if (client != null) {
            forget(client);
        }
    }

    private void forget(Client client) {
        client.closed = true;
        byUser.computeIfPresent(client.caller.userId(), (u, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
        client.subscriptions.values().forEach(this::unregister);
    }

    /** Closes a client's connection with a close code and a reason the user can read. */
    private void close(Client client, int code, String reason) {
        if (clients.remove(client.id, client)) {
            forget(client);
            client.closer.accept(code, reason);
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** Tasks waiting in one subscription's send queue (never more than {@link #MAX_QUEUE}). */
    int queued(String clientId, String topic) {
        Client client = clients.get(clientId);
        Subscription s = client == null ? null : client.subscriptions.get(topic);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.queue.size();
        }
    }

    public Uni<Void> onMessage(String clientId, String text) {
        Client client = clients.get(clientId);
        if (client == null) {
            return Uni.createFrom().voidItem();
        }
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return client.send(error(null, "BAD_MESSAGE", "Messages must be JSON objects."));
        }
        String type = msg.getValue("type") instanceof String t ? t : "";
        String topic = msg.getValue("topic") instanceof String t ? t : null;
        return switch (type) {
            case "ping" -> client.send(new JsonObject().put("type", "pong"));
            case "subscribe" -> subscribe(client, topic, msg.getValue("lastSeq"));
            case "unsubscribe" -> {
                Subscription s = topic == null ? null : client.subscriptions.remove(topic);
                if (s != null) {
                    unregister(s);
                }
                yield client.send(new JsonObject().put("type", "unsubscribed").put("topic", topic));
            }
            default -> client.send(error(topic, "BAD_MESSAGE", "Unknown message type '" + type
                    + "': use subscribe, unsubscribe or ping."));
        };
    }

    private Uni<Void> subscribe(Client client, String topic, Object lastSeqValue) {
        int colon = topic == null ? -1 : topic.indexOf(':');
        TopicSource source = colon <= 0 ? null : sources.get(topic.substring(0, colon));
        if (source == null) {
            return client.send(error(topic, "BAD_MESSAGE", "Unknown topic: use flow:<flowId>."));
        }
        if (lastSeqValue != null && !(lastSeqValue instanceof Number)) {
            return client.send(error(topic, "BAD_MESSAGE", "lastSeq must be a number."));
        }
        if (client.subscriptions.size() >= MAX_SUBSCRIPTIONS && !client.subscriptions.containsKey(topic)) {
            return client.send(error(topic, "TOO_MANY", "At most " + MAX_SUBSCRIPTIONS + " topics per connection."));
        }
        String id = topic.substring(colon + 1);
        Long lastSeq = lastSeqValue == null ? null : ((Number) lastSeqValue).longValue();
        // The client's current caller: its role follows role changes (a cache kept by the access announcements).
        Caller asked = client.caller;
        return source.authorize(asked, id)
                .invoke(() -> {
                    if (client.closed) {
                        return;
                    }
                    Subscription old = client.subscriptions.remove(topic);
                    if (old != null) {
                        unregister(old);
                    }
                    Subscription s = new Subscription(client, topic, source, id);
                    client.subscriptions.put(topic, s);
                    byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(s);
                    if (client.caller != asked) {
                        // the role changed while this was being authorized: check again before anything is sent
                        s.recheck = true;
                    }
                    s.enqueue(() -> s.start(lastSeq));
                })
                .onFailure(LiveException.class).recoverWithUni(e -> client.send(
                        error(topic, ((LiveException) e).code(), e.getMessage())))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Subscribing to %s failed: %s", topic, e.getClass().getSimpleName());
                    return client.send(error(topic, "UNAVAILABLE", "The topic cannot be watched right now; try again."));
                });
    }

    private void unregister(Subscription s) {
        s.closed = true;
        byTopic.computeIfPresent(s.topic, (t, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** An event was committed (announced by PostgreSQL NOTIFY): deliver it to this instance's subscribers. */
    public void onNotify(String topic, long seq) {
        if (topic.startsWith(AccessChanges.PREFIX)) {
            accessChanged(topic.substring(AccessChanges.PREFIX.length()));
            return;
        }
        Set<Subscription> subs = byTopic.get(topic);
        if (subs == null || subs.isEmpty()) {
            return;
        }
        long announced = System.nanoTime();
        log.after(topic, seq - 1, 1).subscribe().with(events -> {
            LiveEvent event = events.isEmpty() || events.get(0).seq() != seq ? null : events.get(0);
            for (Subscription s : subs) {
                s.enqueue(() -> (event == null ? s.catchUp(seq) : s.deliver(event))
                        .invoke(() -> metrics.deliveryLag(topic, announced)));
            }
        }, e -> LOG.warnf("Could not load event %s#%d: %s", topic, seq, e.getClass().getSimpleName()));
    }

    /** A user's access changed somewhere (any instance): re-check this instance's sockets of that user. */
    private void accessChanged(String userIdText) {
        UUID userId;
        try {
            userId = UUID.fromString(userIdText);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed access announcement");
            return;
        }
        Set<Client> theirs = byUser.get(userId);
        if (theirs != null && !theirs.isEmpty()) {
            recheck(List.copyOf(theirs)).subscribe().with(v -> { }, e -> { });
        }
    }

    /**
     * Asks the database, in one query, whether each client's session is still live and which role its user holds now:
     * closes the ended ones and re-authorizes the subscriptions of those whose role changed.
     */
    Uni<Void> recheck(Collection<Client> candidates) {
        List<Client> open = candidates.stream().filter(c -> !c.closed).toList();
        if (open.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<SocketKey> keys = open.stream()
                .map(c -> new SocketKey(c.caller.sessionId(), c.caller.userId(), c.caller.workspaceId())).toList();
        return sessions.socketAccess(keys)
                .invoke(access -> open.forEach(c -> apply(c, access.get(c.caller.sessionId()))))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Could not re-check socket sessions: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private void apply(Client client, SocketAccess access) {
        if (access == null || access.role() == null) {
            close(client, CLOSE_REMOVED, REMOVED);
        } else if (!access.live()) {
            close(client, CLOSE_SESSION_ENDED, SESSION_ENDED);
        } else {
            client.expiresAt = access.expiresAt();
            if (!access.role().equals(client.caller.role())) {
                client.caller = client.caller.withRole(access.role());
                // each subscription checks the new role before it sends anything more
                for (Subscription s : client.subscriptions.values()) {
                    s.recheck = true;
                    s.enqueue(() -> Uni.createFrom().voidItem());
                }
            }
        }
    }

    /**
     * Every second: re-checks the sockets whose session has reached its expiry (it may have been extended by use),
     * and every {@link #RECHECK_ALL_EVERY} all of them. No database work while nothing is due.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watchSessions() {
        if (clients.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        boolean all = !now.isBefore(lastFullRecheck.plus(RECHECK_ALL_EVERY));
        if (all) {
            lastFullRecheck = now;
        }
        List<Client> due = clients.values().stream()
                .filter(c -> all || c.expiresAt != null && !c.expiresAt.isAfter(now)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < due.size(); from += RECHECK_BATCH) {
            List<Client> batch = due.subList(from, Math.min(due.size(), from + RECHECK_BATCH));
            chain = chain.flatMap(v -> recheck(batch));
        }
        return chain;
    }

    /** After the LISTEN connection was re-established: notifications may have been lost, so catch everyone up. */
    public void resync() {
        lastFullRecheck = Instant.EPOCH;
        byTopic.forEach((topic, subs) -> log.currentSeq(topic).subscribe().with(
                seq -> subs.forEach(s -> s.enqueue(() -> s.catchUp(seq))),
                e -> LOG.warnf("Could not resync %s: %s", topic, e.getClass().getSimpleName())));
    }

    /** Every 10 s: ask the source of each watched topic whether it changed outside PMOS (e.g. in Flow Pieces). */
    @Scheduled(every = "${pmos.live.refresh-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshWatched() {
        List<Uni<Void>> refreshes = byTopic.values().stream()
                .filter(set -> !set.isEmpty())
                .map(set -> set.iterator().next())
                .map(s -> s.source.refresh(s.client.caller, s.id).onFailure().recoverWithNull())
                .toList();
        return refreshes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(refreshes).andFailFast().replaceWithVoid();
    }

    static JsonObject error(String topic, String code, String message) {
        JsonObject e = new JsonObject().put("type", "error").put("code", code).put("message", message);
        if (topic != null) {
            e.put("topic", topic);
        }
        return e;
    }

    /** One connection. */
    static final class Client {
        final String id;
        final Function<String, Uni<Void>> sender;
        final BiConsumer<Integer, String> closer;
        final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
        /** Who is connected, with the role the user holds now (replaced when it changes). */
        volatile Caller caller;
        /** When the session ends unless it is used (null until first checked). */
        volatile Instant expiresAt;
        volatile boolean closed;

        Client(String id, Caller caller, Function<String, Uni<Void>> sender, BiConsumer<Integer, String> closer) {
            this.id = id;
            this.caller = caller;
            this.sender = sender;
            this.closer = closer;
        }

        Uni<Void> send(JsonObject message) {
            return sender.apply(message.encode()).onFailure().recoverWithNull();
        }
    }

    /** One client's interest in one topic: the last event number it has, and its own serial send queue. */
    private final class Subscription {
        final Client client;
        final String topic;
        final TopicSource source;
        final String id;
        final Deque<Supplier<Uni<Void>>> queue = new ArrayDeque<>();
        boolean running;
        volatile boolean closed;
        /** The user's role changed: authorize again before the next task runs. */
        volatile boolean recheck;
        long lastSeq = -1;

        Subscription(Client client, String topic, TopicSource source, String id) {
            this.client = client;
            this.topic = topic;
            this.source = source;
            this.id = id;
        }

        /** Adds a task; a full queue is replaced by one snapshot (the bound that protects server memory). */
        void enqueue(Supplier<Uni<Void>> task) {
            boolean start;
            synchronized (this) {
                if (queue.size() >= MAX_QUEUE) {
                    metrics.snapshotInsteadOfEvents(topic, "overflow");
                    queue.clear();
                    queue.add(this::snapshot);
                } else {
                    queue.add(task);
                }
                start = !running;
                running = true;
            }
            if (start) {
                runNext();
            }
        }

        private void runNext() {
            Supplier<Uni<Void>> task;
            synchronized (this) {
                task = queue.poll();
                if (task == null || closed) {
                    queue.clear();
                    running = false;
                    return;
                }
            }
            Uni<Void> work;
            try {
                work = recheck ? reauthorized(task) : task.get();
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            work.onFailure().invoke(e -> LOG.debugf("Live delivery on %s failed: %s", topic, e.getClass().getSimpleName()))
                    .onFailure().recoverWithNull()
                    .subscribe().with(v -> runNext(), e -> runNext());
        }

        /** Runs the task only if the current role still allows this topic; otherwise drops it and tells the client. */
        private Uni<Void> reauthorized(Supplier<Uni<Void>> task) {
            recheck = false;
            return source.authorize(client.caller, id).replaceWith(Boolean.TRUE)
                    .onFailure().recoverWithUni(e -> drop(e).replaceWith(Boolean.FALSE))
                    .flatMap(allowed -> allowed ? task.get() : Uni.createFrom().voidItem());
        }

        private Uni<Void> drop(Throwable e) {
            client.subscriptions.remove(topic, this);
            unregister(this);
            LiveException refused = e instanceof LiveException l ? l
                    : new LiveException("UNAVAILABLE", "Your access to this topic could not be checked again; subscribe again.");
            return client.send(error(topic, refused.code(), refused.getMessage()).put("unsubscribed", true));
        }

        Uni<Void> start(Long clientSeq) {
            return log.currentSeq(topic).flatMap(current -> {
                Uni<Void> told = client.send(new JsonObject().put("type", "subscribed").put("topic", topic).put("seq", current));
                if (clientSeq == null) {
                    lastSeq = current;
                    return told;
                }
                if (clientSeq > current) {
                    return told.flatMap(v -> snapshot());
                }
                lastSeq = clientSeq;
                return clientSeq < current ? told.flatMap(v -> catchUp(current)) : told;
            });
        }

        Uni<Void> deliver(LiveEvent event) {
            if (event.seq() <= lastSeq) {
                return Uni.createFrom().voidItem();
            }
            if (event.seq() > lastSeq + 1) {
                return catchUp(event.seq());
            }
            return send(event);
        }

        /** Sends the events after lastSeq up to {@code upTo}; a snapshot when they are gone or too many. */
        Uni<Void> catchUp(long upTo) {
            if (upTo <= lastSeq) {
                return Uni.createFrom().voidItem();
            }
            if (upTo - lastSeq > REPLAY_LIMIT) {
                metrics.snapshotInsteadOfEvents(topic, "gap");
                return snapshot();
            }
            return log.after(topic, lastSeq, (int) (upTo - lastSeq)).flatMap(events -> {
                if (events.isEmpty() || events.get(0).seq() != lastSeq + 1) {
                    metrics.snapshotInsteadOfEvents(topic, "gap");
                    return snapshot();
                }
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (LiveEvent e : events) {
                    chain = chain.flatMap(v -> send(e));
                }
                return chain;
            });
        }

        private Uni<Void> send(LiveEvent e) {
            lastSeq = e.seq();
            metrics.eventDelivered(topic);
            return client.send(new JsonObject().put("type", "event").put("topic", topic).put("seq", e.seq())
                    .put("event", e.type()).put("data", e.data()));
        }

        Uni<Void> snapshot() {
            return log.currentSeq(topic).flatMap(seq -> source.snapshot(client.caller, id).flatMap(state -> {
                lastSeq = Math.max(lastSeq, seq);
                return client.send(new JsonObject().put("type", "snapshot").put("topic", topic).put("seq", seq)
                        .put("data", state));
            })).onFailure(LiveException.class).recoverWithUni(e -> client.send(
                    error(topic, ((LiveException) e).code(), e.getMessage())));
        }
    }
}
