package io.pmos.mcp;

import io.pmos.config.PmosConfig;

import java.time.Duration;

/** The MCP client's limits as one value, built from {@link PmosConfig.Mcp} or, in tests, from {@link #defaults()}. */
public record McpSettings(Duration connectTimeout, Duration requestTimeout, Duration maxRequestTime,
                          int maxResponseBytes, int maxToolPages, int maxStreamReconnects,
                          Duration sessionIdleTimeout, int maxConnectionsPerServer, Duration keepAlive,
                          String clientVersion) {

    public McpSettings {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || maxRequestTime.compareTo(requestTimeout) < 0) {
            throw new IllegalArgumentException(
                    "pmos.mcp.request-timeout must be positive and at most pmos.mcp.max-request-time");
        }
        if (maxResponseBytes < 1024 || maxToolPages < 1 || maxStreamReconnects < 0 || maxConnectionsPerServer < 2) {
            throw new IllegalArgumentException("pmos.mcp limits out of range: max-response-bytes >= 1024, "
                    + "max-tool-pages >= 1, max-stream-reconnects >= 0, max-connections-per-server >= 2");
        }
    }

    public static McpSettings from(PmosConfig.Mcp config, String clientVersion) {
        return new McpSettings(config.connectTimeout(), config.requestTimeout(), config.maxRequestTime(),
                config.maxResponseBytes(), config.maxToolPages(), config.maxStreamReconnects(),
                config.sessionIdleTimeout(), config.maxConnectionsPerServer(), config.keepAlive(), clientVersion);
    }

    /** The documented defaults of {@link PmosConfig.Mcp}. */
    public static McpSettings defaults() {
        return new McpSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
                16 * 1024 * 1024, 100, 3, Duration.ofMinutes(10), 20, Duration.ofSeconds(4), "dev");
    }

    public McpSettings withRequestTimeout(Duration timeout, Duration hardMaximum) {
        return new McpSettings(connectTimeout, timeout, hardMaximum, maxResponseBytes, maxToolPages,
                maxStreamReconnects, sessionIdleTimeout, maxConnectionsPerServer, keepAlive, clientVersion);
    }

    public McpSettings withMaxResponseBytes(int bytes) {
        return new McpSettings(connectTimeout, requestTimeout, maxRequestTime, bytes, maxToolPages,
                maxStreamReconnects, sessionIdleTimeout, maxConnectionsPerServer, keepAlive, clientVersion);
    }

    public McpSettings withSessionIdleTimeout(Duration idle) {
        return new McpSettings(connectTimeout, requestTimeout, maxRequestTime, maxResponseBytes, maxToolPages,
                maxStreamReconnects, idle, maxConnectionsPerServer, keepAlive, clientVersion);
    }
}
