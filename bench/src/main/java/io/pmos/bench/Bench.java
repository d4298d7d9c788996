package io.pmos.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The load client of `make bench` (started by bench/run.sh, which starts and stops the servers): drives PMOS, the
 * bare Vert.x baseline and the local Flow Pieces through every scenario and writes one JSON file. Settings come from
 * the environment (BENCH_*), see run.sh.
 */
public final class Bench {

    private final Map<String, String> env = System.getenv();
    private final boolean smoke = "smoke".equals(env.get("BENCH_MODE"));
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(128));
    private final WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(20_000)
            .setConnectTimeout(30_000));
    private final JsonObject out = new JsonObject();
    /** When the client must have written its results (run.sh stops it a little later). */
    private final long deadline = System.currentTimeMillis() + 1000L * setting("BENCH_BUDGET_SECONDS", 460);
    private Target pmos;
    private Target baseline;
    private Target flowPieces;
    private Cpu cpu;
    private String projectId;
    /** A real flow.updated payload of PMOS, with the displayName to be replaced by each event's marker. */
    private String payloadTemplate;
    private final Map<String, String> flows = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        Bench bench = new Bench();
        int status = 0;
        try {
            bench.runAll();
        } catch (RuntimeException e) {
            System.err.println("[bench] failed: " + e);
            bench.out.put("failure", e.toString());
            status = 1;
        } finally {
            bench.save();
            System.err.println("[bench] wrote " + bench.env.get("BENCH_OUT"));
            bench.vertx.close();
        }
        System.exit(status);
    }

    /** Writes what has been measured so far (after every scenario, so that a run stopped by its timeout still reports). */
    private void save() {
        try {
            Path file = Path.of(env.get("BENCH_OUT"));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, out.encodePrettily());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void runAll() {
        pmos = new Target("pmos", URI.create(env.get("BENCH_PMOS_URL")), pid("BENCH_PMOS_PID"), null, null, "/api/pmos/ws");
        baseline = new Target("baseline", URI.create(env.get("BENCH_BASELINE_URL")), pid("BENCH_BASELINE_PID"), null, null, "/ws");
        flowPieces = new Target("flow-pieces", URI.create(env.get("BENCH_FP_URL")), pid("BENCH_FP_PID"), null,
                env.get("BENCH_FP_KEY"), null);
        projectId = env.getOrDefault("BENCH_FP_PROJECT", "localProject000000001");
        cpu = new Cpu(Map.of("pmos", pmos.pid(), "baseline", baseline.pid(), "flowPieces", flowPieces.pid()));
        out.put("mode", smoke ? "smoke" : "full").put("startedAt", Instant.now().toString());
        out.put("machine", Machine.facts(env));
        out.put("startupMs", new JsonObject().put("pmos", Long.parseLong(env.get("BENCH_PMOS_STARTUP_MS")))
                .put("baseline", Long.parseLong(env.get("BENCH_BASELINE_STARTUP_MS"))));
        setUp();
        step("rest", this::rest);
        step("roundTrip", this::roundTrip);
        step("chat", this::chat);
        step("idle", this::idle);
        // last, with the time that is left: a point that would not fit is listed as skipped
        step("fanout", this::fanout);
        out.put("finishedAt", Instant.now().toString());
    }

    /** Runs one scenario; a failure is recorded in its place and the others still run. */
    private void step(String name, java.util.function.Supplier<Object> scenario) {
        long start = System.nanoTime();
        System.err.println("[bench] " + name);
        try {
            out.put(name, scenario.get());
        } catch (RuntimeException e) {
            System.err.println("[bench] " + name + " failed: " + e);
            out.put(name, new JsonObject().put("error", e.toString()));
        }
        System.err.printf("[bench] %s took %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        save();
    }

    private void setUp() {
        Target.Answer signup = await(pmos.call(http, HttpMethod.POST, "/api/pmos/auth/signup", new JsonObject()
                .put("name", "Bench Admin").put("email", "bench@example.com").put("password", "bench horse battery staple")
                .toBuffer()));
        if (signup.status() != 200) {
            throw new IllegalStateException("PMOS sign-up answered " + signup.status() + ": " + signup.body());
        }
        pmos = pmos.withCookie(cookie(signup.cookies(), "pmos_session"));
        pmos.ok(http, HttpMethod.PUT, "/api/pmos/connectors", new JsonObject().put("flowPieces", new JsonObject().put("preset", "local")));
        for (String f : List.of("fanout", "roundTrip", "roundTripBaseline", "roundTripFlowPieces", "write", "writeBaseline",
                "writeFlowPieces", "chat")) {
            String name = f.equals("chat") ? "chat-start" : "bench " + f;
            flows.put(f, pmos.ok(http, HttpMethod.POST, "/api/pmos/flows", new JsonObject().put("displayName", name))
                    .getJsonObject("flow").getString("id"));
        }
        JsonObject flow = pmos.ok(http, HttpMethod.GET, "/api/pmos/flows/" + flows.get("fanout"), null).getJsonObject("flow");
        flow.getJsonObject("version").put("displayName", "@MARK@");
        payloadTemplate = new JsonObject().put("flow", flow).put("operation", "CHANGE_NAME").encode();
        Target.Answer session = await(baseline.call(http, HttpMethod.POST, "/session", null));
        baseline = baseline.withCookie(cookie(session.cookies(), Baseline.COOKIE));
    }

    private static String cookie(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie in " + setCookies));
    }

    private Buffer operation(String displayName) {
        return new JsonObject().put("type", "CHANGE_NAME").put("request", new JsonObject().put("displayName", displayName)).toBuffer();
    }

    // --- REST -------------------------------------------------------------------------------------------------

    private Object rest() {
        int warm = smoke ? 0 : 1;
        int secs = smoke ? 1 : setting("BENCH_REST_SECONDS", 3);
        JsonArray rows = new JsonArray();
        for (int conns : smoke ? new int[] {10} : new int[] {10, 64}) {
            rows.add(Rest.run(vertx, "auth/me", pmos, HttpMethod.GET, "/api/pmos/auth/me", null, conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "auth/me", baseline, HttpMethod.GET, "/auth/me", null, conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "flows", pmos, HttpMethod.GET, "/api/pmos/flows", null, conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "flows", flowPieces, HttpMethod.GET, "/api/v1/flows?projectId=" + projectId + "&limit=50",
                    null, conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "write", pmos, HttpMethod.POST, "/api/pmos/flows/" + flows.get("write") + "/operations",
                    i -> operation("write " + i), conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "write", baseline, HttpMethod.POST, "/op/" + flows.get("writeBaseline"),
                    i -> operation("write " + i), conns, warm, secs, cpu));
            rows.add(Rest.run(vertx, "write", flowPieces, HttpMethod.POST, "/api/v1/flows/" + flows.get("writeFlowPieces"),
                    i -> operation("write " + i), conns, warm, secs, cpu));
        }
        return rows;
    }

    // --- operation round trip and chat ------------------------------------------------------------------------

    /** Flow operations one after the other: time to the answer, and to the event at a second (subscribed) client. */
    private Object roundTrip() {
        int n = smoke ? 3 : 100;
        JsonObject result = new JsonObject();
        result.put("pmos", timedOperations(pmos, "flow:" + flows.get("roundTrip"), n,
                m -> pmos.call(http, HttpMethod.POST, "/api/pmos/flows/" + flows.get("roundTrip") + "/operations", operation(m))));
        result.put("baseline", timedOperations(baseline, "flow:" + flows.get("roundTripBaseline"), n,
                m -> baseline.call(http, HttpMethod.POST, "/op/" + flows.get("roundTripBaseline"), operation(m))));
        result.put("flowPieces", timedOperations(null, null, n,
                m -> flowPieces.call(http, HttpMethod.POST, "/api/v1/flows/" + flows.get("roundTripFlowPieces"), operation(m))));
        return result;
    }

    /** Chat commands in the built-in model mode, each in a new conversation: time until flow.updated reaches a subscriber. */
    private Object chat() {
        int n = smoke ? 2 : 30;
        java.util.Iterator<String> conversations = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> pmos.ok(http, HttpMethod.POST, "/api/pmos/chat/conversations", new JsonObject().put("title", "bench"))
                        .getJsonObject("conversation").getString("id")).toList().iterator();
        String[] current = {"chat-start"};
        JsonObject r = timedOperations(pmos, "flow:" + flows.get("chat"), n, m -> {
            String text = "rename flow " + current[0] + " to " + m;
            current[0] = m;
            return pmos.call(http, HttpMethod.POST, "/api/pmos/chat/conversations/" + conversations.next() + "/messages",
                    new JsonObject().put("text", text).toBuffer());
        });
        return r.put("command", "rename flow X to Y");
    }

    /**
     * Sends n operations one at a time (each made by {@code send} from a marker); with a topic, waits after each for its
     * event at a subscriber of that topic. Answers latency of the answer and, with a topic, of the event.
     */
    private JsonObject timedOperations(Target target, String topic, int n, java.util.function.Function<String, Future<Target.Answer>> send) {
        Subscribers watcher = null;
        if (topic != null) {
            watcher = new Subscribers(topic);
            watcher.add(target, ws, 1, 10_000);
        }
        Subscribers.Point point = new Subscribers.Point(1_000_000 + (topic == null ? 0 : topic.hashCode() & 0xffff), n);
        if (watcher != null) {
            watcher.measure(point);
        }
        Latency answered = new Latency();
        int failed = 0;
        for (int i = 0; i < n; i++) {
            String marker = Subscribers.Point.marker(point.id, i);
            long start = System.nanoTime();
            point.sentAt.set(i, start);
            Target.Answer a = await(send.apply(marker));
            if (a.status() / 100 != 2) {
                failed++;
                continue;
            }
            answered.recordNanos(System.nanoTime() - start);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (watcher != null && point.delivered.sum() < i + 1 - failed && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000);
            }
        }
        JsonObject r = new JsonObject().put("operations", n).put("failed", failed).put("answerMs", answered.take());
        if (watcher != null) {
            r.put("eventMs", point.latency.take()).put("events", point.delivered.sum());
            await(watcher.closeAll());
        }
        return r;
    }

    // --- fan-out ----------------------------------------------------------------------------------------------

    private Object fanout() {
        int pointSecs = smoke ? 1 : setting("BENCH_FANOUT_SECONDS", 5);
        int longSecs = smoke ? 1 : setting("BENCH_LONG_SECONDS", 60);
        int[] sizes = smoke ? new int[] {10} : new int[] {100, 1000};
        int[] rates = smoke ? new int[] {25} : new int[] {25, 50, 100, 200};
        long drain = smoke ? 3000 : 5_000;
        String topic = "flow:" + flows.get("fanout");
        String flowId = flows.get("fanout");
        PgPool db = PgPool.pool(vertx, new PgConnectOptions().setHost(env.getOrDefault("PMOS_DB_HOST", "127.0.0.1"))
                .setPort(Integer.parseInt(env.getOrDefault("PMOS_DB_PORT", "5432"))).setDatabase(env.get("BENCH_DB_NAME"))
                .setUser(env.getOrDefault("PMOS_DB_USER", "postgres")).setPassword(env.getOrDefault("PMOS_DB_PASSWORD", "")),
                new io.vertx.sqlclient.PoolOptions().setMaxSize(8));
        UUID workspace = await(db.query("SELECT id FROM workspaces LIMIT 1").execute()).iterator().next().getUUID("id");
        out.getJsonObject("machine").put("postgres", await(db.query("SHOW server_version").execute()).iterator().next().getString(0));
        Fanout.Sender operations = m -> pmos.call(http, HttpMethod.POST, "/api/pmos/flows/" + flowId + "/operations", operation(m))
                .compose(Bench::okOrFail);
        // what another PMOS instance does when it publishes (EventLog.publish): the row with the topic's next number, NOTIFY on commit
        Fanout.Sender rows = m -> db.preparedQuery("""
                        WITH t AS (
                          INSERT INTO event_topics (topic, workspace_id, seq) VALUES ($1, $2, 1)
                          ON CONFLICT (topic) DO UPDATE SET seq = event_topics.seq + 1 RETURNING seq),
                        e AS (
                          INSERT INTO events (workspace_id, topic, seq, type, payload)
                          SELECT $2, $1, t.seq, 'flow.updated', $3 FROM t RETURNING seq)
                        SELECT pg_notify('pmos_events', $1 || ' ' || e.seq) FROM e""")
                .execute(Tuple.of(topic, workspace, new JsonObject(payloadTemplate.replace("@MARK@", m))));
        Fanout.Sender published = m -> baseline.call(http, HttpMethod.POST, "/publish/" + topic,
                Buffer.buffer(payloadTemplate.replace("@MARK@", m))).compose(Bench::okOrFail);
        Subscribers onPmos = new Subscribers(topic);
        Subscribers onBaseline = new Subscribers(topic);
        JsonArray points = new JsonArray();
        try {
            for (int size : sizes) {
                onPmos.add(pmos, ws, size - onPmos.size(), 60_000);
                onBaseline.add(baseline, ws, size - onBaseline.size(), 60_000);
                for (int rate : rates) {
                    // the hub alone (rows) and the baseline also run the 1,000 x 50/s point long, to show a collapse
                    int secs = size == 1000 && rate == 50 ? longSecs : pointSecs;
                    System.err.printf("[bench] fan-out %d x %d/s%n", size, rate);
                    points.add(point(onPmos, "pmos-operations", operations, rate, pointSecs, drain));
                    points.add(point(onPmos, "pmos-rows", rows, rate, secs, drain));
                    points.add(point(onBaseline, "baseline", published, rate, secs, drain));
                }
            }
        } finally {
            await(onPmos.closeAll());
            await(onBaseline.closeAll());
            db.close();
        }
        return points;
    }

    private JsonObject point(Subscribers subs, String mode, Fanout.Sender sender, int rate, int secs, long drain) {
        if (System.currentTimeMillis() + secs * 1000L + drain > deadline) {
            return new JsonObject().put("mode", mode).put("subscribers", subs.size()).put("rate", rate).put("seconds", secs)
                    .put("skipped", "not run: the time budget of the run (BENCH_BUDGET_SECONDS) was spent");
        }
        return Fanout.run(vertx, subs, mode, sender, rate, secs, drain, cpu);
    }

    private static Future<Target.Answer> okOrFail(Target.Answer a) {
        return a.status() / 100 == 2 ? Future.succeededFuture(a) : Future.failedFuture("status " + a.status());
    }

    // --- idle sockets -----------------------------------------------------------------------------------------

    private Object idle() {
        int n = smoke ? 200 : setting("BENCH_IDLE_SOCKETS", 10_000);
        return new JsonArray().add(Idle.run(pmos, ws, n)).add(Idle.run(baseline, ws, n));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private int setting(String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, String.valueOf(fallback)));
    }

    private long pid(String name) {
        return Long.parseLong(env.getOrDefault(name, "0"));
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    static void pause(long ms) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** CPU used by the client itself and by the servers, as cores (CPU seconds per wall second) over an interval. */
    static final class Cpu {
        private final Map<String, Long> pids;

        Cpu(Map<String, Long> pids) {
            this.pids = pids;
        }

        Mark mark() {
            Map<String, Duration> at = new LinkedHashMap<>();
            at.put("client", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
            pids.forEach((name, pid) -> at.put(name, cpuOf(pid)));
            return new Mark(at, System.nanoTime());
        }

        private static Duration cpuOf(long pid) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
        }

        final class Mark {
            private final Map<String, Duration> at;
            private final long nanos;

            Mark(Map<String, Duration> at, long nanos) {
                this.at = at;
                this.nanos = nanos;
            }

            JsonObject cores() {
                Mark now = mark();
                double wall = (now.nanos - nanos) / 1e9;
                JsonObject r = new JsonObject();
                at.forEach((name, before) -> r.put(name,
                        Math.round(now.at.get(name).minus(before).toMillis() / wall / 10.0) / 100.0));
                return r;
            }
        }
    }
}
