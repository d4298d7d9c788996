package io.pmos.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies recorded from any thread (microseconds), reported in milliseconds. */
final class Latency {

    private final Recorder recorder = new Recorder(3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1000));
    }

    /** The values recorded since the last call, as {count, p50, p95, p99, max} in ms. */
    JsonObject take() {
        return json(recorder.getIntervalHistogram());
    }

    static JsonObject json(Histogram h) {
        return new JsonObject().put("count", h.getTotalCount())
                .put("p50", ms(h.getValueAtPercentile(50))).put("p95", ms(h.getValueAtPercentile(95)))
                .put("p99", ms(h.getValueAtPercentile(99))).put("max", ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
