package io.pmos.live;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs malformed WebSocket frames without letting a client fill the log: the first bad frame of a connection is one
 * short WARN line (at most one such line a minute across all connections); the rest are counted and summarized in
 * one line at most once a minute, when a connection with bad frames closes or the next bad frame arrives.
 */
@ApplicationScoped
public class MalformedFrames {

    private static final Logger LOG = Logger.getLogger(MalformedFrames.class);
    private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private final Map<String, AtomicInteger> perConnection = new ConcurrentHashMap<>();
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong nextDetail = new AtomicLong(System.nanoTime());
    private final AtomicLong nextSummary = new AtomicLong(System.nanoTime());

    /** One malformed frame on a connection; {@code what} is a short description without client data. */
    public void record(String connectionId, String what) {
        int n = perConnection.computeIfAbsent(connectionId, id -> new AtomicInteger()).incrementAndGet();
        if (n == 1 && claim(nextDetail)) {
            LOG.warnf("Malformed WebSocket frame on connection %s: %s (later ones are counted, not logged)",
                    shortId(connectionId), what);
        } else {
            unlogged.incrementAndGet();
            summarize();
        }
    }

    /** The connection is gone: forget it, and write the pending summary if the minute has passed. */
    public void closed(String connectionId) {
        if (perConnection.remove(connectionId) != null) {
            summarize();
        }
    }

    private void summarize() {
        if (unlogged.get() > 0 && claim(nextSummary)) {
            long n = unlogged.getAndSet(0);
            if (n > 0) {
                LOG.warnf("%d more malformed WebSocket frame(s) since the last report (not logged one by one)", n);
            }
        }
    }

    /** True for the one caller that moves a due deadline a minute on. */
    private static boolean claim(AtomicLong deadline) {
        long now = System.nanoTime();
        long due = deadline.get();
        return now - due >= 0 && deadline.compareAndSet(due, now + WINDOW_NANOS);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
