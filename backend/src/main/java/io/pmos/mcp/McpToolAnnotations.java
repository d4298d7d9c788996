package io.pmos.mcp;

/**
 * The server's hints about a tool (each may be absent). They help classify risk but are claims by the server,
 * not guarantees: a destructive tool may well say destructiveHint=false.
 */
public record McpToolAnnotations(Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
                                 Boolean openWorldHint) {

    static final McpToolAnnotations NONE = new McpToolAnnotations(null, null, null, null);
}
