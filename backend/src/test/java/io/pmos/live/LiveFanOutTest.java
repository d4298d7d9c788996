package io.pmos.live;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pmos.identity.Caller;
import io.pmos.identity.SessionRepository.SocketAccess;
import io.pmos.health.DependencyStates;
import io.pmos.metrics.PmosMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's fan-out core driven without a server, with an event log the test controls (which reads it answers, when
 * and with what): events are applied in number order whatever order they arrive in, reads of the log and snapshots
 * are made once per topic, each event is encoded once, a slow subscriber is shed without touching the others, and a
 * connection's frames are written on its own context.
 */
class LiveFanOutTest {

    private static final String TOPIC = "test:fan";
    private static final UUID WORKSPACE = UUID.randomUUID();

    private FakeLog log;
    private CountingTopics topics;
    private LiveHub hub;
    private final List<Client> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        log = new FakeLog();
        topics = new CountingTopics();
        hub = new LiveHub(log, keys -> {
            Map<UUID, SocketAccess> live = new HashMap<>();
            keys.forEach(k -> live.put(k.sessionId(), new SocketAccess(true, "member", Instant.now().plusSeconds(3600))));
            return Uni.createFrom().item(live);
        }, List.of(topics), metrics());
    }

    private static PmosMetrics metrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new PmosMetrics(registry, new DependencyStates(registry));
    }

    @AfterEach
    void tearDown() {
        clients.forEach(c -> hub.disconnect(c.id));
    }

    @Test
    void eventsArrivingOutOfOrderAreAppliedInOrderWithoutACatchUpOrASnapshot() {
        List<Client> subs = subscribed(5);
        for (long seq : new long[]{3, 1, 5, 2, 4}) {
            hub.onEvent(log.publish(seq));
        }
        for (Client c : subs) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), c.eventSeqs(), c.id);
        }
        assertEquals(0, log.reads.get(), "no read of the log: a reorder is not a gap");
        assertEquals(0, topics.snapshots.get(), "no snapshot: a reorder is not a gap");
        assertTrue(subs.stream().allMatch(c -> c.of("snapshot").isEmpty()));
    }

    @Test
    void anEventThatCameWithoutItsDataHoldsBackTheLaterOnesUntilItIsReadOnce() {
        List<Client> subs = subscribed(20);
        log.holdReads = true;
        // #1 was too big for the NOTIFY: announced without its data; #2 and #3 came with theirs meanwhile
        log.publish(1);
        hub.onNotify(TOPIC, 1);
        hub.onEvent(log.publish(2));
        hub.onNotify(TOPIC, 2);
        hub.onEvent(log.publish(3));
        hub.onNotify(TOPIC, 3);
        assertTrue(subs.stream().allMatch(c -> c.eventSeqs().isEmpty()), "nothing is sent ahead of #1");
        log.releaseReads();
        for (Client c : subs) {
            assertEquals(List.of(1L, 2L, 3L), c.eventSeqs(), c.id);
        }
        assertEquals(1, log.reads.get(), "one read for the topic, not one per subscriber or per announcement");
        assertEquals(0, topics.snapshots.get());
    }

    @Test
    void announcementsWithoutDataAreReadOncePerTopicWhateverTheNumberOfSubscribers() {
        List<Client> subs = subscribed(50);
        log.holdReads = true;
        for (long seq = 1; seq <= 10; seq++) {
            log.publish(seq);
            hub.onNotify(TOPIC, seq);
        }
        assertEquals(1, log.reads.get(), "one read in flight per topic");
        log.releaseReads();
        assertEquals(2, log.reads.get(), "the first read, then one for all announced while it ran");
        for (Client c : subs) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), c.eventSeqs(), c.id);
        }
        assertEquals(0, topics.snapshots.get());
    }

    @Test
    void eventsGoneFromTheLogAreBridgedByOneSnapshotForAllSubscribers() {
        List<Client> subs = subscribed(30);
        for (long seq = 1; seq <= 4; seq++) {
            log.publish(seq);
        }
        log.prune(3); // #1..#3 are gone (pruned) before this instance read them
        hub.onNotify(TOPIC, 1);
        hub.onNotify(TOPIC, 4);
        assertEquals(1, topics.snapshots.get(), "one snapshot for the topic, not one per subscriber");
        for (Client c : subs) {
            List<JsonObject> got = c.after("subscribed");
            assertEquals(1, got.size(), c.id + " " + got);
            assertEquals("snapshot", got.get(0).getString("type"));
            assertEquals(4, got.get(0).getLong("seq"));
        }
        hub.onEvent(log.publish(5));
        for (Client c : subs) {
            assertEquals(List.of(5L), c.eventSeqs(), "events go on after the snapshot");
        }
        assertTrue(log.reads.get() <= 2, "reads: " + log.reads.get());
    }

    @Test
    void eachEventIsEncodedOnceAndTheSameTextGoesToEverySubscriber() {
        List<Client> subs = subscribed(100);
        long before = hub.encodes.get();
        for (long seq = 1; seq <= 10; seq++) {
            hub.onEvent(log.publish(seq));
        }
        assertEquals(10, hub.encodes.get() - before, "one encoding per event");
        for (int i = 0; i < 10; i++) {
            String first = subs.get(0).eventTexts().get(i);
            for (Client c : subs) {
                assertSame(first, c.eventTexts().get(i), "the same frame, not a copy");
            }
        }
    }

    @Test
    void aSlowSubscriberIsShedAndGetsASnapshotWhileTheFastOnesGetEveryEventInOrder() {
        List<Client> fast = subscribed(20);
        Client slow1 = subscribe(new Client("slow-1", Runnable::run));
        Client slow2 = subscribe(new Client("slow-2", Runnable::run));
        slow1.stall = true;
        slow2.stall = true;
        int n = 3 * LiveHub.MAX_QUEUE;
        for (long seq = 1; seq <= n; seq++) {
            hub.onEvent(log.publish(seq));
            assertTrue(hub.queued(slow1.id, TOPIC) <= LiveHub.MAX_QUEUE, "the slow queue stays bounded");
        }
        List<Long> all = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            all.add(seq);
        }
        for (Client c : fast) {
            assertEquals(all, c.eventSeqs(), c.id + " got every event in order");
            assertTrue(c.of("snapshot").isEmpty(), c.id + " was not touched");
        }
        assertEquals(0, topics.snapshots.get(), "no snapshot while the slow ones are stuck");

        slow1.unstall();
        slow2.unstall();
        for (Client slow : List.of(slow1, slow2)) {
            List<JsonObject> got = slow.after("subscribed");
            assertEquals(List.of("event", "snapshot"), got.stream().map(m -> m.getString("type")).toList(), slow.id + " " + got);
            assertEquals(1, got.get(0).getLong("seq"), "the event it was stuck on");
            assertEquals(n, got.get(1).getLong("seq"), "then the current state instead of the backlog");
        }
        assertEquals(1, topics.snapshots.get(), "one snapshot shared by both shed subscribers");

        hub.onEvent(log.publish(n + 1));
        for (Client c : fast) {
            assertEquals(n + 1, c.eventSeqs().get(n).longValue());
        }
        for (Client slow : List.of(slow1, slow2)) {
            assertEquals(List.of(1L, (long) n + 1), slow.eventSeqs(), "back on events after the snapshot");
        }
    }

    @Test
    void aSubscriberShedBeforeItsStartRanIsStillToldItSubscribedFirst() {
        Queue<Runnable> loop = new ConcurrentLinkedQueue<>();
        Client late = subscribe(new Client("late", loop::add));
        for (long seq = 1; seq <= 2 * LiveHub.MAX_QUEUE; seq++) {
            hub.onEvent(log.publish(seq));
        }
        assertTrue(late.texts.isEmpty(), "its event loop has not run yet");
        Runnable r;
        while ((r = loop.poll()) != null) {
            r.run();
        }
        List<String> types = late.messages().stream().map(m -> m.getString("type")).toList();
        assertEquals(List.of("subscribed", "snapshot"), types, "the start is kept, the frames are dropped for one snapshot");
        assertEquals(2L * LiveHub.MAX_QUEUE, late.of("snapshot").get(0).getLong("seq"));
        assertEquals(1, topics.snapshots.get());
    }

    @Test
    void eachConnectionsFramesAreWrittenOnItsOwnContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            // two event-loop contexts, as two connections have
            Context a = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
            Context b = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
            assertTrue(a != b);
            Client ca = subscribe(new Client("on-a", r -> a.runOnContext(v -> r.run())));
            Client cb = subscribe(new Client("on-b", r -> b.runOnContext(v -> r.run())));
            awaitTrue(() -> !ca.of("subscribed").isEmpty() && !cb.of("subscribed").isEmpty());
            for (long seq = 1; seq <= 20; seq++) {
                hub.onEvent(log.publish(seq));
            }
            awaitTrue(() -> ca.eventSeqs().size() == 20 && cb.eventSeqs().size() == 20);
            assertEquals(21, ca.contexts.size(), "subscribed and 20 events");
            assertTrue(ca.contexts.stream().allMatch(c -> c == a), "every write of A on A's context: " + ca.contexts);
            assertTrue(cb.contexts.stream().allMatch(c -> c == b), "every write of B on B's context: " + cb.contexts);
            assertEquals(ca.eventSeqs(), cb.eventSeqs());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private List<Client> subscribed(int count) {
        List<Client> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(subscribe(new Client("c" + i, Runnable::run)));
        }
        return out;
    }

    private Client subscribe(Client c) {
        clients.add(c);
        hub.connect(c.id, c.caller, c::send, (code, reason) -> { }, c.lane);
        hub.onMessage(c.id, new JsonObject().put("type", "subscribe").put("topic", TOPIC).encode()).await().indefinitely();
        return c;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** A connection: what was written to it, on which context, and (when stalled) writes that never finish. */
    private static final class Client {
        final String id;
        final Executor lane;
        final Caller caller = new Caller(UUID.randomUUID(), "u@example.com", WORKSPACE, "member", UUID.randomUUID(), "ip", "ua");
        final List<String> texts = new CopyOnWriteArrayList<>();
        /** The context of each write ("none" when written off any Vert.x context). */
        final List<Object> contexts = new CopyOnWriteArrayList<>();
        final Queue<UniEmitter<? super Void>> stuck = new ConcurrentLinkedQueue<>();
        volatile boolean stall;

        Client(String id, Executor lane) {
            this.id = id;
            this.lane = lane;
        }

        Uni<Void> send(String text) {
            texts.add(text);
            Context current = Vertx.currentContext();
            contexts.add(current == null ? "none" : current);
            return stall ? Uni.createFrom().<Void>emitter(e -> stuck.add(e)) : Uni.createFrom().voidItem();
        }

        void unstall() {
            stall = false;
            UniEmitter<? super Void> e;
            while ((e = stuck.poll()) != null) {
                e.complete(null);
            }
        }

        List<JsonObject> messages() {
            return texts.stream().map(JsonObject::new).toList();
        }

        List<JsonObject> of(String type) {
            return messages().stream().filter(m -> type.equals(m.getString("type"))).toList();
        }

        /** The messages after the first one of {@code type}. */
        List<JsonObject> after(String type) {
            List<JsonObject> all = messages();
            int i = 0;
            while (i < all.size() && !type.equals(all.get(i).getString("type"))) {
                i++;
            }
            return all.subList(Math.min(all.size(), i + 1), all.size());
        }

        List<Long> eventSeqs() {
            return of("event").stream().map(m -> m.getLong("seq")).toList();
        }

        List<String> eventTexts() {
            return texts.stream().filter(t -> "event".equals(new JsonObject(t).getString("type"))).toList();
        }
    }

    /** The event log of one topic, in memory; counts its reads and can hold their answers back. */
    private static final class FakeLog implements LiveEvents {
        final TreeMap<Long, LiveEvent> events = new TreeMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        volatile boolean holdReads;
        long last;

        synchronized LiveEvent publish(long seq) {
            LiveEvent e = new LiveEvent(TOPIC, seq, "test.event", new JsonObject().put("n", seq));
            events.put(seq, e);
            last = Math.max(last, seq);
            return e;
        }

        synchronized void prune(long upTo) {
            events.headMap(upTo, true).clear();
        }

        @Override
        public synchronized Uni<Long> currentSeq(String topic) {
            return Uni.createFrom().item(last);
        }

        @Override
        public Uni<List<LiveEvent>> after(String topic, long afterSeq, int limit) {
            reads.incrementAndGet();
            Function<Void, List<LiveEvent>> read = v -> {
                synchronized (this) {
                    return events.tailMap(afterSeq, false).values().stream().limit(limit).toList();
                }
            };
            if (!holdReads) {
                return Uni.createFrom().item(read.apply(null));
            }
            return Uni.createFrom().emitter(e -> held.add(() -> e.complete(read.apply(null))));
        }

        /** Answers the held reads, and from now on answers at once. */
        void releaseReads() {
            holdReads = false;
            Runnable r;
            while ((r = held.poll()) != null) {
                r.run();
            }
        }
    }

    /** Topic source "test": everyone may watch; counts the snapshots it makes. */
    private static final class CountingTopics implements TopicSource {
        final AtomicInteger snapshots = new AtomicInteger();

        @Override
        public String prefix() {
            return "test";
        }

        @Override
        public Uni<Void> authorize(Caller caller, String id) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<JsonObject> snapshot(Caller caller, String id) {
            snapshots.incrementAndGet();
            return Uni.createFrom().item(new JsonObject().put("snapshotOf", id));
        }
    }
}
