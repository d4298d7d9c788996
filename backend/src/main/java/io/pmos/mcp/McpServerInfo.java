package io.pmos.mcp;

/** The server's self-description from initialize (serverInfo); title is optional. */
public record McpServerInfo(String name, String title, String version) {
}
