package io.pmos.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket clients subscribed to one topic, counting what arrives: events (timed by the marker the sender put in
 * them), sequence gaps and snapshots. Frames are read with a few indexOf calls instead of a JSON parse, so that the
 * client stays cheap next to the server it measures.
 */
final class Subscribers {

    static final String MARK = "BNCH";

    /** The events of one measured point: when each was sent, and what arrived of them. */
    static final class Point {
        final int id;
        final java.util.concurrent.atomic.AtomicLongArray sentAt;
        final LongAdder delivered = new LongAdder();
        /** Events that reached at least one subscriber (PMOS publishes no flow copy older than one it published). */
        final LongAdder published = new LongAdder();
        final java.util.concurrent.atomic.AtomicIntegerArray reached;
        final Latency latency = new Latency();

        Point(int id, int capacity) {
            this.id = id;
            this.sentAt = new java.util.concurrent.atomic.AtomicLongArray(capacity);
            this.reached = new java.util.concurrent.atomic.AtomicIntegerArray(capacity);
        }

        static String marker(int point, int n) {
            return MARK + point + "_" + n + "_";
        }
    }

    private static final class Sub {
        long lastSeq = -1;
        /** Which events of the current point this subscriber has had (PMOS may send one twice, e.g. after a refresh). */
        int point;
        java.util.BitSet seen = new java.util.BitSet();
    }

    final LongAdder events = new LongAdder();
    final LongAdder snapshots = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final String topic;
    private volatile Point point;
    private volatile String lastError;

    Subscribers(String topic) {
        this.topic = topic;
    }

    int size() {
        return sockets.size();
    }

    void measure(Point p) {
        point = p;
    }

    /** Opens n more sockets to the target (at most 200 upgrades at a time), each subscribed before this returns. */
    void add(Target target, WebSocketClient client, int n, long timeoutMs) {
        CountDownLatch subscribed = new CountDownLatch(n);
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(200);
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (int i = 0; i < n; i++) {
            acquire(window, deadline, target);
            Sub sub = new Sub();
            target.socket(client).onComplete(ar -> {
                if (ar.failed()) {
                    lastError = ar.cause().toString();
                    window.release();
                    return;
                }
                WebSocket ws = ar.result();
                synchronized (sockets) {
                    sockets.add(ws);
                }
                ws.textMessageHandler(text -> {
                    if (sub.lastSeq < 0 && text.contains("\"subscribed\"")) {
                        sub.lastSeq = number(text, "\"seq\":");
                        subscribed.countDown();
                        window.release();
                    } else {
                        onFrame(sub, text);
                    }
                });
                ws.writeTextMessage("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
            });
        }
        try {
            if (!subscribed.await(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(subscribed.getCount() + " of " + n + " subscriptions to " + target.name()
                        + " did not complete in " + timeoutMs + " ms" + (lastError == null ? "" : " (" + lastError + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void acquire(java.util.concurrent.Semaphore window, long deadline, Target target) {
        try {
            if (!window.tryAcquire(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("subscriptions to " + target.name() + " stalled"
                        + (lastError == null ? "" : " (" + lastError + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void onFrame(Sub sub, String text) {
        long now = System.nanoTime();
        int t = text.indexOf("\"type\":\"") + 8;
        if (text.startsWith("event\"", t)) {
            events.increment();
            long seq = number(text, "\"seq\":");
            if (seq != sub.lastSeq + 1) {
                gaps.increment();
            }
            sub.lastSeq = Math.max(sub.lastSeq, seq);
            int m = text.indexOf(MARK);
            Point p = point;
            if (m >= 0 && p != null) {
                int idEnd = text.indexOf('_', m);
                int nEnd = text.indexOf('_', idEnd + 1);
                if (Integer.parseInt(text, m + MARK.length(), idEnd, 10) == p.id) {
                    int n = Integer.parseInt(text, idEnd + 1, nEnd, 10);
                    if (sub.point != p.id) {
                        sub.point = p.id;
                        sub.seen.clear();
                    }
                    if (sub.seen.get(n)) {
                        duplicates.increment();
                    } else {
                        sub.seen.set(n);
                        p.delivered.increment();
                        if (p.reached.compareAndSet(n, 0, 1)) {
                            p.published.increment();
                        }
                        p.latency.recordNanos(now - p.sentAt.get(n));
                    }
                }
            }
        } else if (text.startsWith("snapshot\"", t)) {
            snapshots.increment();
            sub.lastSeq = number(text, "\"seq\":");
        } else if (text.startsWith("error\"", t)) {
            errors.increment();
            lastError = text;
        }
    }

    static long number(String text, String key) {
        int from = text.indexOf(key) + key.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return Long.parseLong(text, from, to, 10);
    }

    String lastError() {
        return lastError;
    }

    Future<Void> closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (sockets) {
            sockets.forEach(ws -> closing.add(ws.close()));
            sockets.clear();
        }
        return Future.join(closing).mapEmpty();
    }
}
