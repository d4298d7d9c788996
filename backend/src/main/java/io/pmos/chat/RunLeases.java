package io.pmos.chat;

import io.pmos.config.PmosConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's identity among the PMOS instances on one database (random per start) and the set of runs it is
 * working on right now, whose leases it renews.
 */
@ApplicationScoped
public class RunLeases {

    private final String instanceId;
    private final Duration duration;
    private final Duration renewEvery;
    /** Runs driven here, with how many drives of each are under way (a resume may start before the last one ended). */
    private final ConcurrentHashMap<UUID, Integer> working = new ConcurrentHashMap<>();

    public RunLeases(PmosConfig config) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.instanceId = "pmos-" + HexFormat.of().formatHex(random);
        this.duration = config.chat().leaseDuration();
        this.renewEvery = config.chat().leaseRenewEvery();
    }

    /** This instance's id, the owner written on the runs it works on (random per process, logged at start). */
    public String instanceId() {
        return instanceId;
    }

    public Duration duration() {
        return duration;
    }

    public Duration renewEvery() {
        return renewEvery;
    }

    void hold(UUID runId) {
        working.merge(runId, 1, Integer::sum);
    }

    void release(UUID runId) {
        working.computeIfPresent(runId, (id, n) -> n <= 1 ? null : n - 1);
    }

    /** The runs this instance's agent loop is driving now (a copy). */
    Set<UUID> working() {
        return Set.copyOf(working.keySet());
    }
}
