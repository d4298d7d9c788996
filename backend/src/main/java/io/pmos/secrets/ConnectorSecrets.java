package io.pmos.secrets;

import io.pmos.ai.AiProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The encryption context of a connector's secret. A secret is bound to its workspace and row and — since v2
 * ciphertexts — to where it is sent (its destination binding), so a ciphertext moved to another row, or a row whose
 * address was edited (through the API or in the database), no longer decrypts.
 */
public final class ConnectorSecrets {

    private ConnectorSecrets() {
    }

    /** The v1 context (workspace and row only); kept to open ciphertexts sealed before destinations were bound. */
    public static String context(UUID workspaceId, UUID connectorId) {
        return "connector:" + workspaceId + "/" + connectorId;
    }

    /** The v2 context: workspace, row and destination binding. */
    public static String context(UUID workspaceId, UUID connectorId, String binding) {
        return context(workspaceId, connectorId) + "|to:" + binding;
    }

    /**
     * Where a connector's secret goes, in canonical form: the kind, scheme, lower-case host, effective port, the
     * endpoint path for MCP, the auth mode and the header name (MCP header mode); for AI the provider and its
     * effective base URL (the provider's default when none is set). Two settings with the same binding send the
     * secret to the same place in the same way.
     *
     * @param kind    flow_pieces, mcp or ai
     * @param setting reads one setting of the connector's config (null when absent)
     */
    public static String binding(String kind, Function<String, String> setting) {
        return switch (kind) {
            case "flow_pieces" -> "flow_pieces|" + origin(setting.apply("url"), false) + "|" + lower(setting.apply("authMode"));
            case "mcp" -> {
                String mode = lower(setting.apply("authMode"));
                yield "mcp|" + origin(setting.apply("url"), true) + "|" + mode
                        + ("header".equals(mode) ? "|" + lower(setting.apply("headerName")) : "");
            }
            case "ai" -> {
                String provider = lower(setting.apply("provider"));
                String base = setting.apply("baseUrl");
                if (base == null || base.isBlank()) {
                    base = AiProvider.of(provider).map(AiProvider::defaultBaseUrl).orElse(null);
                }
                yield "ai|" + provider + "|" + origin(base, true);
            }
            default -> kind + "|unknown";
        };
    }

    /**
     * scheme://host:port (+ path). An address java.net.URI cannot read a host from binds to its whole text, so two
     * different unreadable addresses never share a binding.
     */
    private static String origin(String url, boolean withPath) {
        if (url == null || url.isBlank()) {
            return "none";
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
                return "unparsed:" + url.strip();
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            String out = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            if (withPath) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                while (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                out += path;
            }
            return out;
        } catch (URISyntaxException e) {
            return "unparsed:" + url.strip();
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
