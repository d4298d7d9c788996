package io.pmos.live;

import io.pmos.identity.Caller;
import io.pmos.identity.SessionRepository;
import io.pmos.identity.SessionRepository.SocketAccess;
import io.pmos.identity.SessionRepository.SocketKey;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.pmos.live.TopicFeed.Frame;
import io.pmos.metrics.PmosMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live-update stream behind the WebSocket endpoint (which only forwards to it): clients, their topic
 * subscriptions, replay after a reconnect, and delivery of events announced by PostgreSQL. Each watched topic has one
 * {@link TopicFeed} that orders, encodes and fans out its events once; each subscription writes those shared frames
 * through its own bounded queue on its connection's event loop, and a subscription that falls too far behind is shed:
 * its backlog is replaced by one snapshot (shared by the topic), so a slow client cannot make memory grow or slow the
 * others down. A socket follows its session: an access change announced on the
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

    private final LiveEvents log;
    private final Function<List<SocketKey>, Uni<Map<UUID, SocketAccess>>> socketAccess;
    private final Map<String, TopicSource> sources = new HashMap<>();
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TopicFeed> feeds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<Client>> byUser = new ConcurrentHashMap<>();
    private volatile Instant lastFullRecheck = Instant.now();
    /** Frames encoded by all feeds: a hook for tests (one per event, whatever the number of subscribers). */
    final AtomicLong encodes = new AtomicLong();

    private final PmosMetrics metrics;

    @Inject
    public LiveHub(EventLog log, SessionRepository sessions, Instance<TopicSource> topicSources, PmosMetrics metrics) {
        this(log, sessions::socketAccess, topicSources.stream().toList(), metrics);
    }

    /** The hub over any event log and session check: what the unit tests drive without a server. */
    LiveHub(LiveEvents log, Function<List<SocketKey>, Uni<Map<UUID, SocketAccess>>> socketAccess,
            Collection<TopicSource> topicSources, PmosMetrics metrics) {
        this.log = log;
        this.socketAccess = socketAccess;
        this.metrics = metrics;
        topicSources.forEach(s -> sources.put(s.prefix(), s));
        metrics.gauge("pmos.live.connections", "Open live-update WebSocket connections on this instance", clients::size);
        metrics.gauge("pmos.live.subscriptions", "Topic subscriptions of those connections",
                () -> clients.values().stream().mapToInt(c -> c.subscriptions.size()).sum());
    }

    /**
     * A connected client; {@code sender} writes one text frame and completes when it is written, {@code closer} closes
     * the connection with a close code and reason. Its frames are written on the caller's Vert.x context (the
     * connection's event loop), or on the thread that has them when there is none.
     */
    public void connect(String clientId, Caller caller, Function<String, Uni<Void>> sender,
                        BiConsumer<Integer, String> closer) {
        Context context = Vertx.currentContext();
        connect(clientId, caller, sender, closer, context == null ? Runnable::run : r -> context.runOnContext(v -> r.run()));
    }

    /** A connected client whose frames are written by {@code lane} (its connection's event loop). */
    void connect(String clientId, Caller caller, Function<String, Uni<Void>> sender, BiConsumer<Integer, String> closer,
                 Executor lane) {
        Client client = new Client(clientId, caller, sender, closer, lane);
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
                    // registered with the topic's feed only after its start is queued, so that start runs first
                    Subscription s = new Subscription(client, topic, source, id, feeds.computeIfAbsent(topic,
                            t -> new TopicFeed(t, log, encodes)));
                    client.subscriptions.put(topic, s);
                    if (client.caller != asked) {
                        // the role changed while this was being authorized: check again before anything is sent
                        s.recheck = true;
                    }
                    s.enqueue((Supplier<Uni<Void>>) () -> s.start(lastSeq));
                    feeds.compute(topic, (t, feed) -> {
                        TopicFeed f = feed != null ? feed : s.feed;
                        s.feed = f;
                        f.subscribers.add(s);
                        return f;
                    });
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
        feeds.computeIfPresent(s.topic, (t, feed) -> {
            feed.subscribers.remove(s);
            return feed.subscribers.isEmpty() ? null : feed;
        });
    }

    /**
     * An event was committed (announced by PostgreSQL NOTIFY without its data): its topic's feed reads it, together
     * with any others announced meanwhile, in one query for all of this instance's subscribers.
     */
    public void onNotify(String topic, long seq) {
        if (topic.startsWith(AccessChanges.PREFIX)) {
            accessChanged(topic.substring(AccessChanges.PREFIX.length()));
            return;
        }
        TopicFeed feed = feeds.get(topic);
        if (feed != null) {
            feed.announced(seq, System.nanoTime());
        }
    }

    /** An event was committed and announced with its data: no read of the log is needed. */
    public void onEvent(LiveEvent event) {
        TopicFeed feed = feeds.get(event.topic());
        if (feed != null) {
            feed.arrived(event, System.nanoTime());
        }
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
        return socketAccess.apply(keys)
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
                    s.enqueue((Supplier<Uni<Void>>) () -> Uni.createFrom().voidItem());
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
        feeds.values().forEach(TopicFeed::tick);
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
        feeds.forEach((topic, feed) -> log.currentSeq(topic).subscribe().with(
                seq -> feed.announced(seq, System.nanoTime()),
                e -> LOG.warnf("Could not resync %s: %s", topic, e.getClass().getSimpleName())));
    }

    /** Every 10 s: ask the source of each watched topic whether it changed outside PMOS (e.g. in Flow Pieces). */
    @Scheduled(every = "${pmos.live.refresh-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshWatched() {
        List<Uni<Void>> refreshes = feeds.values().stream()
                .flatMap(feed -> feed.subscribers.stream().limit(1))
                .map(s -> (Subscription) s)
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
        /** Runs this connection's writes: its own event loop, so that fan-out spreads over all of them. */
        final Executor lane;
        final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
        /** Who is connected, with the role the user holds now (replaced when it changes). */
        volatile Caller caller;
        /** When the session ends unless it is used (null until first checked). */
        volatile Instant expiresAt;
        volatile boolean closed;

        Client(String id, Caller caller, Function<String, Uni<Void>> sender, BiConsumer<Integer, String> closer,
               Executor lane) {
            this.id = id;
            this.caller = caller;
            this.sender = sender;
            this.closer = closer;
            this.lane = lane;
        }

        Uni<Void> send(JsonObject message) {
            return write(message.encode());
        }

        Uni<Void> write(String text) {
            return sender.apply(text).onFailure().recoverWithNull();
        }
    }

    /**
     * One client's interest in one topic: the last event number it has, and its own serial send queue of shared
     * frames and tasks (start, snapshot), run on the client's lane.
     */
    private final class Subscription implements TopicFeed.Subscriber {
        final Client client;
        final String topic;
        final TopicSource source;
        final String id;
        volatile TopicFeed feed;
        /** {@link Frame}s and tasks ({@code Supplier<Uni<Void>>}), in order. */
        final Deque<Object> queue = new ArrayDeque<>();
        boolean running;
        volatile boolean closed;
        /** The user's role changed: authorize again before the next task runs. */
        volatile boolean recheck;
        long lastSeq = -1;
        /** The one snapshot task of this subscription (queued at most once when it is shed). */
        final Supplier<Uni<Void>> snapshotTask = this::snapshot;

        Subscription(Client client, String topic, TopicSource source, String id, TopicFeed feed) {
            this.client = client;
            this.topic = topic;
            this.source = source;
            this.id = id;
            this.feed = feed;
        }

        @Override
        public void offer(Frame frame) {
            enqueue(frame);
        }

        @Override
        public void gap() {
            metrics.snapshotInsteadOfEvents(topic, "gap");
            enqueue(snapshotTask);
        }

        /**
         * Adds a frame or task; a full queue is shed: replaced by one snapshot (the bound that protects server memory
         * and keeps a slow client from holding back the others).
         */
        void enqueue(Object item) {
            boolean start;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queue.size() >= MAX_QUEUE) {
                    shed();
                } else {
                    queue.add(item);
                }
                start = !running;
                running = true;
            }
            if (start) {
                client.lane.execute(this::drain);
            }
        }

        /**
         * Drops the queued frames for one snapshot, keeping the tasks before it (a start not yet run still answers
         * "subscribed" first).
         */
        private void shed() {
            metrics.snapshotInsteadOfEvents(topic, "overflow");
            queue.removeIf(i -> i instanceof Frame);
            if (queue.size() >= MAX_QUEUE) {
                queue.clear();
            }
            if (!queue.contains(snapshotTask)) {
                queue.add(snapshotTask);
            }
        }

        /** Runs queued items one after the other; resumes on the lane when a write completes later. */
        private void drain() {
            while (true) {
                Object item;
                synchronized (this) {
                    item = queue.poll();
                    if (item == null || closed) {
                        queue.clear();
                        running = false;
                        return;
                    }
                }
                Uni<Void> work;
                try {
                    work = recheck ? reauthorized(item) : run(item);
                } catch (RuntimeException e) {
                    work = Uni.createFrom().failure(e);
                }
                if (work == null) {
                    continue;
                }
                // 0: running, 1: finished before subscribe returned (go on here), 2: this loop left (resume later)
                AtomicInteger state = new AtomicInteger();
                Runnable done = () -> {
                    if (!state.compareAndSet(0, 1)) {
                        client.lane.execute(this::drain);
                    }
                };
                work.onFailure().invoke(e -> LOG.debugf("Live delivery on %s failed: %s", topic, e.getClass().getSimpleName()))
                        .subscribe().with(v -> done.run(), e -> done.run());
                if (state.compareAndSet(0, 2)) {
                    return;
                }
            }
        }

        /** A frame to write, or null when there is nothing to do for this item. */
        @SuppressWarnings("unchecked")
        private Uni<Void> run(Object item) {
            return item instanceof Frame f ? deliver(f) : ((Supplier<Uni<Void>>) item).get();
        }

        /** Runs the item only if the current role still allows this topic; otherwise drops it and tells the client. */
        private Uni<Void> reauthorized(Object item) {
            recheck = false;
            return source.authorize(client.caller, id).replaceWith(Boolean.TRUE)
                    .onFailure().recoverWithUni(e -> drop(e).replaceWith(Boolean.FALSE))
                    .flatMap(allowed -> {
                        Uni<Void> work = allowed ? run(item) : null;
                        return work == null ? Uni.createFrom().voidItem() : work;
                    });
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
                feed.known(current);
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

        /** The next frame is written; an older one skipped; a later one first needs the ones before it. */
        private Uni<Void> deliver(Frame f) {
            if (f.seq() <= lastSeq) {
                return null;
            }
            if (lastSeq >= 0 && f.seq() > lastSeq + 1) {
                return catchUp(f.seq());
            }
            return write(f);
        }

        private Uni<Void> write(Frame f) {
            if (f.seq() <= lastSeq) {
                return Uni.createFrom().voidItem();
            }
            lastSeq = f.seq();
            metrics.eventDelivered(topic);
            return client.write(f.text()).invoke(() -> metrics.deliveryLag(topic, f.announcedNanos()));
        }

        /**
         * Sends the events after lastSeq up to {@code upTo}: from the frames the feed still keeps, else from the log;
         * a snapshot when they are gone or too many.
         */
        Uni<Void> catchUp(long upTo) {
            if (upTo <= lastSeq) {
                return Uni.createFrom().voidItem();
            }
            List<Frame> kept = feed.recent(lastSeq, upTo);
            if (kept != null) {
                return writeAll(kept);
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
                long now = System.nanoTime();
                return writeAll(events.stream().map(e -> feed.encode(e, now)).toList());
            });
        }

        private Uni<Void> writeAll(List<Frame> frames) {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Frame f : frames) {
                chain = chain.flatMap(v -> write(f));
            }
            return chain;
        }

        /** The topic's current state, made once for all of its subscribers that need it now. */
        Uni<Void> snapshot() {
            return feed.snapshot(client.caller, source, id).flatMap(frame -> {
                lastSeq = Math.max(lastSeq, frame.seq());
                return client.write(frame.text());
            }).onFailure(LiveException.class).recoverWithUni(e -> client.send(
                    error(topic, ((LiveException) e).code(), e.getMessage())));
        }
    }
}
