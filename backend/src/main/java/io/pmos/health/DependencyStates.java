package io.pmos.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each outside dependency (the database, the Flow Pieces server of a connector, an MCP server) answers, fed by
 * the one place each client classifies its failures. It logs changes, not requests: one WARN when a dependency goes
 * down (with the failure code), one INFO when it is back (with the code and how long it was down), at most one
 * "down" line per dependency per {@link #QUIET} however often it flaps (docs/runbook.md "What PMOS logs during a fault").
 */
@ApplicationScoped
public class DependencyStates {

    private static final Logger LOG = Logger.getLogger(DependencyStates.class);

    /** At most one "down" line per dependency in this time; outages in between are counted and told with the next. */
    static final Duration QUIET = Duration.ofSeconds(60);

    /** The gauge forgets a dependency nobody has tried for this long (e.g. an address typed into a connector test). */
    static final Duration GAUGE_FORGETS_AFTER = Duration.ofMinutes(5);

    /** MDC keys of the lines, so a JSON log (PMOS_LOG_FORMAT=json) carries them as fields. */
    public static final String MDC_KIND = "dependency";
    public static final String MDC_NAME = "dependencyName";
    public static final String MDC_CODE = "failureCode";
    public static final String MDC_DOWN_SECONDS = "downSeconds";

    /** The kinds of dependency, each a value of the gauge's tag. */
    public enum Kind {
        DATABASE, FLOW_PIECES, MCP;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final long quietNanos;

    @Inject
    public DependencyStates(MeterRegistry registry) {
        this(registry, QUIET);
    }

    DependencyStates(MeterRegistry registry, Duration quiet) {
        this.quietNanos = quiet.toNanos();
        for (Kind kind : Kind.values()) {
            Gauge.builder("pmos.dependency.down", () -> downCount(kind))
                    .description("Outside dependencies PMOS cannot reach now, by kind (database, flow-pieces, mcp)")
                    .tag("kind", kind.label()).register(registry);
        }
    }

    /** The database failed in a way that means it cannot be reached; {@code code} says how (DB_*). */
    public void databaseDown(String code) {
        down(Kind.DATABASE, "postgresql", code);
    }

    public void databaseUp() {
        up(Kind.DATABASE, "postgresql");
    }

    /**
     * The outcome of one call: {@code outageCode} null means the dependency answered (whatever it said); otherwise
     * the code of a failure that means it is unreachable, slow or broken.
     */
    public void record(Kind kind, String name, String outageCode) {
        if (outageCode == null) {
            up(kind, name);
        } else {
            down(kind, name, outageCode);
        }
    }

    /** Called on every failed call: cheap when the dependency is already known to be down. */
    public void down(Kind kind, String name, String code) {
        State state = states.computeIfAbsent(key(kind, name), k -> new State(kind, name));
        String first;
        long downNanos;
        int unlogged;
        synchronized (state) {
            long now = System.nanoTime();
            state.lastFailure = now;
            if (!state.down) {
                state.down = true;
                state.since = now;
                state.code = code;
                state.silent = true;
            }
            if (!state.silent || state.lastWarn != 0 && now - state.lastWarn < quietNanos) {
                if (state.silent && !state.counted) {
                    state.counted = true;
                    state.unlogged++;
                }
                return;
            }
            // first outage, or the quiet time after the last "down" line has passed (a long outage that began in it)
            state.silent = false;
            state.counted = false;
            state.lastWarn = now;
            unlogged = state.unlogged;
            state.unlogged = 0;
            downNanos = now - state.since;
            first = state.code;
        }
        log(state, first, downNanos, () -> LOG.warnf("Dependency down: %s %s (%s)%s%s", kind.label(), name, first,
                unlogged > 0 ? "; " + unlogged + " shorter outage(s) since the last line were not logged" : "",
                downNanos > 1_000_000_000L ? "; down for " + seconds(downNanos) + " s" : ""));
    }

    /** Called on every successful call: a map lookup and nothing else while the dependency is up. */
    public void up(Kind kind, String name) {
        State state = states.get(key(kind, name));
        if (state == null || !state.down) {
            return;
        }
        String code;
        long downNanos;
        boolean logged;
        synchronized (state) {
            if (!state.down) {
                return;
            }
            state.down = false;
            code = state.code;
            downNanos = System.nanoTime() - state.since;
            logged = !state.silent;
            state.counted = false;
        }
        if (logged) {
            log(state, code, downNanos, () -> LOG.infof("Dependency back: %s %s after %s s (was %s)", kind.label(), name,
                    seconds(downNanos), code));
        } else {
            LOG.debugf("Dependency back: %s %s after %s s (was %s; its outage was not logged)", kind.label(), name,
                    seconds(downNanos), code);
        }
    }

    public boolean isDown(Kind kind, String name) {
        State state = states.get(key(kind, name));
        return state != null && state.down;
    }

    /** Dependencies of a kind that are down and were tried within {@link #GAUGE_FORGETS_AFTER}. */
    int downCount(Kind kind) {
        long now = System.nanoTime();
        int n = 0;
        for (State s : states.values()) {
            if (s.kind == kind && s.down && now - s.lastFailure < GAUGE_FORGETS_AFTER.toNanos()) {
                n++;
            }
        }
        return n;
    }

    private static void log(State state, String code, long downNanos, Runnable line) {
        MDC.put(MDC_KIND, state.kind.label());
        MDC.put(MDC_NAME, state.name);
        MDC.put(MDC_CODE, code);
        MDC.put(MDC_DOWN_SECONDS, seconds(downNanos));
        try {
            line.run();
        } finally {
            MDC.remove(MDC_KIND);
            MDC.remove(MDC_NAME);
            MDC.remove(MDC_CODE);
            MDC.remove(MDC_DOWN_SECONDS);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static String key(Kind kind, String name) {
        return kind.name() + ' ' + name;
    }

    /** One dependency; fields guarded by the object's lock except {@code down}, read without it on the fast path. */
    private static final class State {
        final Kind kind;
        final String name;
        volatile boolean down;
        volatile long lastFailure;
        long since;
        String code;
        /** The current outage was not logged (it began within the quiet time of the last "down" line). */
        boolean silent;
        boolean counted;
        int unlogged;
        long lastWarn;

        State(Kind kind, String name) {
            this.kind = kind;
            this.name = name;
        }
    }
}
