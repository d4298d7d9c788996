package io.pmos.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load: {@code connections} keep-alive connections, each sending its next request as soon as the
 * previous one is answered, for a warm-up and then a measured time.
 */
final class Rest {

    private Rest() {
    }

    /** {@code body} makes the i-th request's body (null: none). */
    static JsonObject run(Vertx vertx, String name, Target target, HttpMethod method, String path, IntFunction<Buffer> body,
                          int connections, int warmupSeconds, int seconds, Bench.Cpu cpu) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        Latency latency = new Latency();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(connections);
                for (int c = 0; c < connections; c++) {
            loop(target, client, method, path, body, counter, latency, ok, failed, end, done);
        }
        Bench.pause(warmupSeconds * 1000L);
        latency.take();
        ok.set(0);
        failed.set(0);
        Bench.Cpu.Mark mark = cpu.mark();
        Fanout.await(done, seconds * 1000L + 30_000);
        JsonObject cores = mark.cores();
        client.close();
        return new JsonObject().put("name", name).put("target", target.name()).put("method", method.name()).put("path", path)
                .put("connections", connections).put("seconds", seconds).put("requests", ok.get()).put("failed", failed.get())
                .put("rps", Math.round(ok.get() / (double) seconds)).put("latencyMs", latency.take()).put("cpuCores", cores);
    }

    private static void loop(Target target, HttpClient client, HttpMethod method, String path, IntFunction<Buffer> body,
                             AtomicLong counter, Latency latency, AtomicLong ok, AtomicLong failed, long end,
                             CountDownLatch done) {
        long start = System.nanoTime();
        if (start >= end) {
            done.countDown();
            return;
        }
        Buffer b = body == null ? null : body.apply((int) counter.incrementAndGet());
        target.call(client, method, path, b).onComplete(ar -> {
            if (ar.succeeded() && ar.result().status() / 100 == 2) {
                latency.recordNanos(System.nanoTime() - start);
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(target, client, method, path, body, counter, latency, ok, failed, end, done);
        });
    }
}
