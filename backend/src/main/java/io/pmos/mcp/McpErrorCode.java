package io.pmos.mcp;

/**
 * Stable failure codes of the MCP client; the connector test screen keys its "what to try" text on them
 * (docs/mcp-client.md), so a code is never renamed or reused for another meaning.
 */
public enum McpErrorCode {
    /** The endpoint description itself is unusable (not an http(s) URL, credentials in the URL, bad header name). */
    MCP_INVALID_ENDPOINT,
    /** No connection: no route, or the connect timeout passed. */
    MCP_UNREACHABLE,
    /** The host name does not resolve. */
    MCP_HOST_NOT_FOUND,
    /** The host answered, but nothing listens on that port. */
    MCP_CONNECTION_REFUSED,
    /** The TLS handshake failed: untrusted or expired certificate, host name mismatch, protocol mismatch. */
    MCP_TLS_FAILED,
    /** No answer within the request timeout (or the hard maximum); PMOS sent notifications/cancelled. */
    MCP_TIMEOUT,
    /** HTTP 401 or 403: the server refused the credentials. */
    MCP_AUTH_FAILED,
    /** HTTP 404 to initialize: nothing speaks MCP at that path. */
    MCP_ENDPOINT_NOT_FOUND,
    /** The server only speaks the deprecated HTTP+SSE transport (2024-11-05). */
    MCP_OLD_TRANSPORT,
    /** HTTP 406: the server refused the Accept header PMOS sends. */
    MCP_NOT_ACCEPTABLE,
    /** A 3xx answer to a POST; PMOS does not follow it silently. */
    MCP_REDIRECTED,
    /** Any other HTTP failure status (5xx, 429, 413, ...). */
    MCP_HTTP_ERROR,
    /** The answer is not what the protocol allows: not JSON, cut off, not JSON-RPC, a stream that ended early. */
    MCP_BAD_RESPONSE,
    /** One message from the server is larger than pmos.mcp.max-response-bytes. */
    MCP_RESPONSE_TOO_LARGE,
    /** The server answered with a JSON-RPC error object; its code and message are kept. */
    MCP_PROTOCOL_ERROR,
    /** The server chose a protocol version PMOS does not speak. */
    MCP_UNSUPPORTED_VERSION,
    /** The server forgot the session and starting a new one failed (or was rejected again at once). */
    MCP_SESSION_LOST,
    /** The session was closed by PMOS (settings changed, idle, shutdown) while or before it was used. */
    MCP_SESSION_CLOSED,
    /** The outbound address policy refused the address (io.pmos.net.OutboundPolicy); same code for every client. */
    ADDRESS_NOT_ALLOWED
}
