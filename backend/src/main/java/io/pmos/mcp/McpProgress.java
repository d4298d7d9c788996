package io.pmos.mcp;

/** One notifications/progress from the server for a running request; total and message are optional. */
public record McpProgress(double progress, Double total, String message) {
}
