package io.pmos.connectors;

import java.util.Map;

/** For each failure code, what a workspace admin should do about it, in plain words. */
final class ConnectorFixes {

    private static final Map<String, String> FIXES = Map.ofEntries(
            Map.entry(io.pmos.net.AddressNotAllowedException.CODE, io.pmos.net.AddressNotAllowedException.FIX),
            Map.entry("FLOW_PIECES_NOT_CONFIGURED", "Enter the Flow Pieces address and credentials, or pick the local Flow Pieces."),
            Map.entry("FLOW_PIECES_HOST_NOT_FOUND", "Check the spelling of the address: it is the one you open Flow Pieces at in a browser, e.g. https://flow.example.com."),
            Map.entry("FLOW_PIECES_CONNECTION_REFUSED", "Check the port in the address and that Flow Pieces is running (the local one listens on port 8081 and is started by `make run`)."),
            Map.entry("FLOW_PIECES_UNREACHABLE", "Check that the PMOS server can reach that address (firewall, VPN or proxy rules)."),
            Map.entry("FLOW_PIECES_TLS_FAILED", "The server's certificate was not accepted: use its exact https name, fix its certificate, or use http:// for a server without TLS."),
            Map.entry("FLOW_PIECES_TIMEOUT", "Flow Pieces answered too slowly: check that it is healthy and not overloaded, then test again."),
            Map.entry("FLOW_PIECES_WRONG_SERVICE", "Point the address at the Flow Pieces server itself (the address of its web app), not at another service."),
            Map.entry("FLOW_PIECES_AUTH_FAILED", "Check the credentials: create a new API key in Flow Pieces (Platform admin → API keys), or sign in to Flow Pieces with the email and password to make sure they work."),
            Map.entry("FLOW_PIECES_PROJECT_NOT_FOUND", "Copy the project id from the Flow Pieces address bar (…/projects/<id>/flows); with email and password you may leave it empty to use the account's own project."),
            Map.entry("FLOW_PIECES_BAD_RESPONSE", "The address may lead to a proxy or another service: open it in a browser and check that Flow Pieces answers there."),
            Map.entry("FLOW_PIECES_SERVER_ERROR", "Flow Pieces reported an internal error: look at its logs, then test again."),
            Map.entry("FLOW_PIECES_REJECTED", "Flow Pieces refused the request: check the settings, then test again."),
            Map.entry("FLOW_PIECES_NOT_FOUND", "Check the address: Flow Pieces does not know what was asked for."),
            Map.entry("MCP_NOT_CONFIGURED", "Enter the MCP server address (for BCGPT: https://<bcgpt-host>/mcp) and its key, or pick the local MCP server."),
            Map.entry("MCP_HOST_NOT_FOUND", "Check the spelling of the server address."),
            Map.entry("MCP_UNREACHABLE", "Check the address and port and that the MCP server is running; the PMOS server must be able to reach it."),
            Map.entry("MCP_CONNECTION_REFUSED", "Check the port in the address and that the MCP server is running."),
            Map.entry("MCP_TLS_FAILED", "The server's certificate was not accepted: use its exact https name or fix its certificate."),
            Map.entry("MCP_TIMEOUT", "The MCP server answered too slowly: check that it is healthy, then test again."),
            Map.entry("MCP_AUTH_FAILED", "The server refused the key: check the key and how it is sent (Authorization: Bearer, or a header such as x-bcgpt-api-key)."),
            Map.entry("MCP_ENDPOINT_NOT_FOUND", "The address has no MCP endpoint: it usually ends in /mcp (for BCGPT: https://<bcgpt-host>/mcp)."),
            Map.entry("MCP_OLD_TRANSPORT", "This server only speaks the old HTTP+SSE transport: upgrade it to Streamable HTTP, or use its Streamable HTTP address (usually /mcp instead of /sse)."),
            Map.entry("MCP_NOT_ACCEPTABLE", "The server refused PMOS's Accept header: it may not be an MCP server, or it needs an update to Streamable HTTP."),
            Map.entry("MCP_BAD_RESPONSE", "The server's answer was not valid MCP (not JSON-RPC, cut short, or HTML): check that the address leads to the MCP endpoint and not to a web page or proxy."),
            Map.entry("MCP_RESPONSE_TOO_LARGE", "The answer was larger than PMOS accepts; raise PMOS_MCP_MAX_RESPONSE_BYTES if this is expected."),
            Map.entry("MCP_PROTOCOL_ERROR", "The server reported an error for the request: check its logs and version."),
            Map.entry("MCP_SESSION_LOST", "The server keeps dropping the session: check its logs and whether it runs behind a load balancer without sticky sessions."),
            Map.entry("MCP_INVALID_ENDPOINT", "Enter the server address as a full http:// or https:// URL without a user name or password in it."),
            Map.entry("MCP_REDIRECTED", "The server redirected PMOS elsewhere: use the final address (the one named in the message) as the URL."),
            Map.entry("MCP_HTTP_ERROR", "The server answered with an HTTP error: check its logs, its rate limits, and that the address is its MCP endpoint."),
            Map.entry("MCP_UNSUPPORTED_VERSION", "The server speaks an MCP protocol version PMOS does not support: update the server (PMOS speaks 2025-03-26 to 2025-11-25)."),
            Map.entry("MCP_SESSION_CLOSED", "The session was closed while in use (settings changed): test again."),
            Map.entry("MCP_IDENTITY_FAILED", "The tools are listed, but the identity check refused the key: listing tools does not check the key. Paste a valid key (for BCGPT, from your BCGPT account page) and test again."),
            Map.entry("MCP_IDENTITY_TOOL_MISSING", "The identity tool named in the settings does not exist on this server: pick one from its tool list (for BCGPT: whoami). Left empty, the key is not verified."),
            Map.entry("MCP_HEALTH_FAILED", "BCGPT reports a problem of its own: open <bcgpt-host>/health in a browser, check BCGPT's logs and its Basecamp connection, then test again."),
            Map.entry("AI_NOT_CONFIGURED", "Pick a provider and a model, and paste the API key (or choose built-in commands, which need none)."),
            Map.entry("AI_KEY_MISSING", "Paste the provider's API key and test again."),
            Map.entry("AI_KEY_INVALID", "The provider refused the key: create a new key in the provider's console and paste it here."),
            Map.entry("AI_MODEL_NOT_FOUND", "Pick a model this key can use (check the spelling, e.g. gpt-4o-mini, claude-sonnet-4-5, gemini-2.0-flash, llama3.2)."),
            Map.entry("AI_RATE_LIMITED", "The provider is limiting this key right now: wait a moment, or check the account's quota and billing."),
            Map.entry("AI_HOST_NOT_FOUND", "Check the base URL of the provider."),
            Map.entry("AI_CONNECTION_REFUSED", "Check the base URL's port and that the model server is running (Ollama listens on 11434)."),
            Map.entry("AI_UNREACHABLE", "Check that the PMOS server can reach the provider (firewall, proxy)."),
            Map.entry("AI_TLS_FAILED", "The provider's certificate was not accepted: check the base URL."),
            Map.entry("AI_TIMEOUT", "The provider answered too slowly: test again in a moment."),
            Map.entry("AI_BAD_RESPONSE", "The base URL does not lead to the provider's API: check it (e.g. https://api.openai.com/v1)."),
            Map.entry("AI_SERVER_ERROR", "The provider had an internal error: test again later."));

    private ConnectorFixes() {
    }

    static String fix(String code) {
        return FIXES.getOrDefault(code, "Check the settings and test again.");
    }
}
