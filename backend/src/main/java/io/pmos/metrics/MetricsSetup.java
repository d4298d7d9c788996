package io.pmos.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;

/**
 * Histogram buckets for the timers the alerts take percentiles of (HTTP routes and every pmos.* timer): a fixed,
 * short list of bounds, so p95 can be computed across instances with histogram_quantile at a bounded series count.
 */
public class MetricsSetup {

    /** Bucket bounds in seconds: from 5 ms (a cached read) to 2 min (a long chat run). */
    static final double[] BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    @Produces
    @Singleton
    MeterFilter latencyBuckets() {
        double[] nanos = Arrays.stream(BUCKETS_SECONDS).map(s -> Duration.ofMillis(Math.round(s * 1000)).toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                boolean wanted = id.getType() == Meter.Type.TIMER
                        && (id.getName().startsWith("pmos.") || id.getName().equals("http.server.requests"));
                return wanted ? DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config)
                        : config;
            }
        };
    }
}
