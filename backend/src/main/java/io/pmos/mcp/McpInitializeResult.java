package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** What the handshake settled: the negotiated protocol version, the server's identity, capabilities and instructions. */
public record McpInitializeResult(String protocolVersion, McpServerInfo serverInfo, JsonNode capabilities,
                                  String instructions) {
}
