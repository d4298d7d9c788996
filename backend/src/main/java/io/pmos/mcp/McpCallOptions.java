package io.pmos.mcp;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Per-request choices: a timeout other than pmos.mcp.request-timeout (still capped by max-request-time) and a
 * listener for the server's progress notifications, called on the session's event loop (it must not block).
 */
public record McpCallOptions(Duration timeout, Consumer<McpProgress> onProgress) {

    public static McpCallOptions defaults() {
        return new McpCallOptions(null, null);
    }

    public McpCallOptions withTimeout(Duration value) {
        return new McpCallOptions(value, onProgress);
    }

    public McpCallOptions withProgress(Consumer<McpProgress> listener) {
        return new McpCallOptions(timeout, listener);
    }
}
