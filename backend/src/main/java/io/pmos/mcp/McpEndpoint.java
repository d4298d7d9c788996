package io.pmos.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/** Where an MCP server listens (its Streamable HTTP endpoint, e.g. https://host/mcp) and how to authenticate. */
public record McpEndpoint(String url, McpAuth auth) {

    public McpEndpoint {
        Objects.requireNonNull(auth, "auth");
        URI uri = parse(url);
        url = url.strip();
        if (uri.getRawUserInfo() != null) {
            throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                    "The MCP server URL must not contain a user name or password; put the credential in the "
                            + "connector's authentication setting instead.");
        }
        if (uri.getRawFragment() != null) {
            throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                    "The MCP server URL must not contain a '#' fragment.");
        }
    }

    public McpEndpoint(String url) {
        this(url, McpAuth.none());
    }

    /** The URL as messages and logs show it: scheme, host, port and path; the query is left out in case it holds a key. */
    public String displayUrl() {
        URI uri = URI.create(url);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path;
    }

    /** host:port, for "could not connect to ..." messages. */
    String hostAndPort() {
        URI uri = URI.create(url);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT, "The MCP server URL is empty.");
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                        "The MCP server URL must be an absolute http:// or https:// URL such as https://host/mcp.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                    "The MCP server URL is not a valid URL; expected something like https://host/mcp.");
        }
    }

    @Override
    public String toString() {
        return "McpEndpoint[url=" + displayUrl() + ", auth=" + auth + "]";
    }
}
