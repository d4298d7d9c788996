package io.pmos.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One fan-out point: events sent at a fixed rate (open loop: on schedule, whatever the server's pace; at most
 * {@link #MAX_IN_FLIGHT} unanswered, beyond that a send is skipped and counted) to a topic the subscribers watch;
 * then the wait for what is still on its way, and the figures.
 */
final class Fanout {

    static final int MAX_IN_FLIGHT = 64;
    private static final AtomicInteger POINTS = new AtomicInteger();

    /** How events are made: given the event's marker, start sending it. */
    interface Sender extends Function<String, Future<?>> {
    }

    static JsonObject run(Vertx vertx, Subscribers subs, String mode, Sender sender, int rate, int seconds,
                          long drainMs, Bench.Cpu cpu) {
        int total = rate * seconds;
        Subscribers.Point point = new Subscribers.Point(POINTS.incrementAndGet(), total);
        subs.measure(point);
        long events0 = subs.events.sum();
        long gaps0 = subs.gaps.sum();
        long snapshots0 = subs.snapshots.sum();
        long errors0 = subs.errors.sum();
        long duplicates0 = subs.duplicates.sum();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        CountDownLatch sent = new CountDownLatch(1);
        Bench.Cpu.Mark mark = cpu.mark();
        long start = System.nanoTime();
        vertx.setPeriodic(2, id -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (next.get() < due) {
                int n = next.getAndIncrement();
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    skipped.incrementAndGet();
                    continue;
                }
                inFlight.incrementAndGet();
                point.sentAt.set(n, System.nanoTime());
                sender.apply(Subscribers.Point.marker(point.id, n)).onComplete(ar -> {
                    inFlight.decrementAndGet();
                    (ar.succeeded() ? ok : failed).incrementAndGet();
                });
            }
            if (next.get() >= total) {
                vertx.cancelTimer(id);
                sent.countDown();
            }
        });
        await(sent, seconds * 1000L + 5000);
        long sendEnd = System.nanoTime();
        // the answers still on their way, then the deliveries: until all are in or none came for a while
        long deadline = System.currentTimeMillis() + drainMs;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            Bench.pause(20);
        }
        // Flow operations answered out of order are coalesced: PMOS never publishes a copy older than one it already
        // published (issue 10), so the events to deliver are those published, each to every subscriber.
        boolean coalesced = mode.equals("pmos-operations");
        java.util.function.LongSupplier expectedNow = () -> (coalesced ? point.published.sum() : ok.get()) * subs.size();
        long seen = -1;
        long lastProgress = System.currentTimeMillis();
        while (point.delivered.sum() < expectedNow.getAsLong() && System.currentTimeMillis() < deadline
                && System.currentTimeMillis() - lastProgress < 1500) {
            long now = point.delivered.sum();
            if (now != seen) {
                seen = now;
                lastProgress = System.currentTimeMillis();
            }
            Bench.pause(50);
        }
        long expected = expectedNow.getAsLong();
        subs.measure(null);
        long delivered = point.delivered.sum();
        return new JsonObject().put("mode", mode).put("subscribers", subs.size()).put("rate", rate).put("seconds", seconds)
                .put("sent", ok.get()).put("sendFailed", failed.get()).put("notSent", skipped.get())
                .put("sendSeconds", Math.round((sendEnd - start) / 1e7) / 100.0)
                .put("expected", expected).put("delivered", delivered)
                .put("published", point.published.sum())
                .put("superseded", coalesced ? Math.max(0, ok.get() - point.published.sum()) : 0)
                .put("deliveredPct", expected == 0 ? 0 : Math.round(delivered * 10000.0 / expected) / 100.0)
                .put("deliveriesPerSec", Math.round((double) delivered / seconds))
                .put("latencyMs", point.latency.take())
                .put("eventsReceived", subs.events.sum() - events0)
                .put("gaps", subs.gaps.sum() - gaps0).put("snapshots", subs.snapshots.sum() - snapshots0)
                .put("errors", subs.errors.sum() - errors0).put("duplicates", subs.duplicates.sum() - duplicates0)
                .put("cpuCores", mark.cores());
    }

    static void await(CountDownLatch latch, long ms) {
        try {
            if (!latch.await(ms, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the sender did not finish in " + ms + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
