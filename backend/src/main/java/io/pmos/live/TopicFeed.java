package io.pmos.live;

import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watched topic on this instance: takes its events as they are announced (with their data, or fetched when the
 * announcement had no room for it), applies them strictly in number order, encodes each one once and hands that same
 * frame to every subscriber. Events that arrive out of order wait for the ones before them; only a number the event
 * log really lacks is a gap. Reads of the log and snapshots are made once for the topic, never per subscriber.
 */
final class TopicFeed {

    private static final Logger LOG = Logger.getLogger(TopicFeed.class);
    /** Events read from the log in one query when announcements without data piled up. */
    static final int FETCH_BATCH = 100;
    /** Encoded frames kept for subscribers that fell a little behind (a snapshot is sent beyond that). */
    static final int RECENT = LiveHub.REPLAY_LIMIT;
    /** Out-of-order events held at most; beyond that the missing ones are read from the log at once. */
    static final int MAX_PENDING = 1_000;

    /** An encoded message shared by all subscribers: its event number and the text written to each socket. */
    record Frame(long seq, String text, long announcedNanos) {
    }

    /** What the feed needs from a subscription: take a frame, or (after a real gap) get a snapshot. */
    interface Subscriber {
        void offer(Frame frame);

        void gap();
    }

    final String topic;
    private final LiveEvents log;
    /** Frames encoded (a hook for tests: one per event, whatever the number of subscribers). */
    private final AtomicLong encodes;
    final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<UUID, SharedSnapshot> snapshots = new ConcurrentHashMap<>();

    // guarded by this
    /** The last event number handed to the subscribers; -1 until the first announcement or subscription. */
    private long applied = -1;
    /** The highest number announced without its data: read from the log up to it. */
    private long wanted = -1;
    private boolean fetching;
    private final TreeMap<Long, LiveEvent> pending = new TreeMap<>();
    private long pendingAnnounced;
    /** The first held number at the last {@link #tick()}: held across two ticks means its predecessor was lost. */
    private long heldAtLastTick = -1;
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();

    TopicFeed(String topic, LiveEvents log, AtomicLong encodes) {
        this.topic = topic;
        this.log = log;
        this.encodes = encodes;
    }

    /** A subscription learned the topic's current number from the log: the starting point if nothing came yet. */
    synchronized void known(long seq) {
        if (applied < 0) {
            applied = seq;
        }
    }

    /** An event was announced without its data: read it (with any others missing) in one query for the topic. */
    void announced(long seq, long announcedNanos) {
        synchronized (this) {
            if (applied < 0) {
                applied = seq - 1;
            }
            if (seq <= applied) {
                return;
            }
            wanted = Math.max(wanted, seq);
            pendingAnnounced = announcedNanos;
            if (fetching) {
                return;
            }
            fetching = true;
        }
        fetch();
    }

    /** An event arrived with its data: applied now when it is the next one, otherwise held until its turn. */
    void arrived(LiveEvent event, long announcedNanos) {
        boolean fetch = false;
        synchronized (this) {
            if (applied < 0) {
                applied = event.seq() - 1;
            }
            take(event, announcedNanos);
            if (pending.size() > MAX_PENDING && !fetching) {
                wanted = Math.max(wanted, pending.firstKey() - 1);
                fetching = fetch = true;
            }
        }
        if (fetch) {
            fetch();
        }
    }

    /** Called every second: events held for two ticks wait for one whose announcement was lost; read it. */
    void tick() {
        synchronized (this) {
            long held = pending.isEmpty() ? -1 : pending.firstKey();
            boolean stuck = held >= 0 && held == heldAtLastTick && !fetching;
            heldAtLastTick = held;
            if (!stuck) {
                return;
            }
            wanted = Math.max(wanted, held - 1);
            fetching = true;
        }
        fetch();
    }

    /** The last event number handed to the subscribers (-1 before the first). */
    synchronized long applied() {
        return applied;
    }

    /** The encoded frames after {@code afterSeq} up to {@code upTo}, when all of them are still kept; else null. */
    synchronized List<Frame> recent(long afterSeq, long upTo) {
        Frame first = recent.peekFirst();
        if (first == null || first.seq() > afterSeq + 1 || recent.peekLast().seq() < upTo) {
            return null;
        }
        List<Frame> out = new ArrayList<>();
        for (Frame f : recent) {
            if (f.seq() > afterSeq && f.seq() <= upTo) {
                out.add(f);
            }
        }
        return out;
    }

    private void fetch() {
        long from;
        int limit;
        synchronized (this) {
            from = applied;
            limit = (int) Math.min(FETCH_BATCH, wanted - applied);
            if (limit <= 0) {
                fetching = false;
                return;
            }
        }
        long announcedNanos = pendingAnnounced;
        log.after(topic, from, limit).subscribe().with(events -> fetched(from, limit, events, announcedNanos), e -> {
            LOG.warnf("Could not load events of %s after #%d: %s", topic, from, e.getClass().getSimpleName());
            synchronized (this) {
                fetching = false;
            }
        });
    }

    private void fetched(long from, int limit, List<LiveEvent> events, long announcedNanos) {
        boolean again;
        synchronized (this) {
            for (LiveEvent e : events) {
                take(e, announcedNanos);
            }
            // Everything asked for that was not announced with data later should be here now; what is still missing
            // is not in the log (pruned): a real gap, bridged by one snapshot for the topic.
            long asked = Math.min(from + limit, wanted);
            if (applied < asked) {
                // resume from the first event the log still has (held), or after what was asked for
                applied = pending.isEmpty() ? asked : pending.firstKey() - 1;
                recent.clear();
                LOG.debugf("Events of %s up to #%d are gone; subscribers get a snapshot", topic, applied);
                // queued before the frames that follow, so each subscriber takes the snapshot first
                subscribers.forEach(Subscriber::gap);
                drain();
            }
            again = wanted > applied;
            fetching = again;
        }
        if (again) {
            fetch();
        }
    }

    /** Applies the event if it is the next one (and then any held ones that follow), holds it if it is early. */
    private void take(LiveEvent event, long announcedNanos) {
        if (event.seq() <= applied) {
            return;
        }
        if (event.seq() > applied + 1) {
            pending.put(event.seq(), event);
            return;
        }
        apply(event, announcedNanos);
        drain();
    }

    private void drain() {
        while (!pending.isEmpty() && pending.firstKey() <= applied + 1) {
            LiveEvent next = pending.pollFirstEntry().getValue();
            if (next.seq() == applied + 1) {
                apply(next, pendingAnnounced);
            }
        }
    }

    private void apply(LiveEvent event, long announcedNanos) {
        applied = event.seq();
        Frame frame = encode(event, announcedNanos);
        recent.addLast(frame);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        for (Subscriber s : subscribers) {
            s.offer(frame);
        }
    }

    /** The one encoding of an event, shared by every subscriber (and by replays from {@link #recent}). */
    Frame encode(LiveEvent e, long announcedNanos) {
        encodes.incrementAndGet();
        return new Frame(e.seq(), new JsonObject().put("type", "event").put("topic", topic).put("seq", e.seq())
                .put("event", e.type()).put("data", e.data()).encode(), announcedNanos);
    }

    /**
     * The topic's current state as one encoded snapshot frame, shared by every subscriber of the same workspace that
     * asks while it is being made or while no newer event has been applied since.
     */
    Uni<Frame> snapshot(Caller caller, TopicSource source, String id) {
        UUID key = caller.workspaceId();
        long now = applied();
        SharedSnapshot shared = snapshots.compute(key, (k, old) ->
                old != null && (old.frame == null || old.frame.seq() >= now) ? old : new SharedSnapshot());
        return shared.get(() -> log.currentSeq(topic).flatMap(seq -> source.snapshot(caller, id).map(state -> {
            encodes.incrementAndGet();
            return new Frame(seq, new JsonObject().put("type", "snapshot").put("topic", topic).put("seq", seq)
                    .put("data", state).encode(), System.nanoTime());
        }))).onFailure().invoke(e -> snapshots.remove(key, shared));
    }

    /** One snapshot in the making or made, joined by every subscriber that needs it. */
    private static final class SharedSnapshot {
        private Uni<Frame> uni;
        volatile Frame frame;

        synchronized Uni<Frame> get(java.util.function.Supplier<Uni<Frame>> make) {
            if (uni == null) {
                uni = make.get().invoke(f -> frame = f).memoize().indefinitely();
            }
            return uni;
        }
    }
}
