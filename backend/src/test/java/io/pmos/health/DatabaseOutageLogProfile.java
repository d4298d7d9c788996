package io.pmos.health;

import java.util.Map;

/**
 * The datasource through the fault proxy, scheduled jobs every second (so an outage of a few seconds sees each fail
 * several times), and PMOS_LOG_FORMAT=json as an operator would run it.
 */
public class DatabaseOutageLogProfile extends DatabaseThroughFaultProxy {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "PMOS_LOG_FORMAT", "json",
                "pmos.metrics.sample-every", "1s",
                "pmos.chat.lease-renew-every", "PT1S");
    }
}
