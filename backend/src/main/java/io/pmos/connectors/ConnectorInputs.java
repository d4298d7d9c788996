package io.pmos.connectors;

import io.pmos.ai.AiProvider;
import io.pmos.common.ApiException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of connector settings; every failure is a 400 naming the field and what would be accepted. */
final class ConnectorInputs {

    static final Set<String> FLOW_PIECES_AUTH = Set.of("api_key", "password");
    static final Set<String> MCP_AUTH = Set.of("bearer", "header", "none");
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,39}$");
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");
    private static final Pattern PROJECT = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type", "accept",
            "connection", "transfer-encoding", "mcp-session-id", "mcp-protocol-version", "cookie");
    static final int MAX_SECRET = 4096;

    private ConnectorInputs() {
    }

    static String url(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required: the address of the service, like https://host.example.com.");
        }
        String url = value.strip();
        if (url.length() > 2048) {
            throw ApiException.badRequest("Field '" + field + "' must be at most 2048 characters.");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw ApiException.badRequest("Field '" + field + "' must be an http:// or https:// address with a host name.");
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw ApiException.badRequest("Field '" + field
                        + "' must not carry credentials, a query or a fragment: put keys in the secret field.");
            }
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("Field '" + field + "' is not a valid address.");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String oneOf(String value, Set<String> allowed, String field) {
        if (value == null || !allowed.contains(value)) {
            throw ApiException.badRequest("Field '" + field + "' must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ".");
        }
        return value;
    }

    static String name(String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApiException.badRequest("An MCP connection name must start with a lowercase letter and hold up to 40 "
                    + "lowercase letters, digits, '-' or '_' (e.g. bcgpt).");
        }
        return value;
    }

    static String header(String value) {
        if (value == null || !HEADER.matcher(value).matches()) {
            throw ApiException.badRequest("Field 'headerName' must be an HTTP header name such as x-bcgpt-api-key.");
        }
        if (RESERVED_HEADERS.contains(value.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("The header '" + value + "' is used by the protocol itself; pick another name.");
        }
        return value;
    }

    static String project(String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiException.badRequest("Field 'projectId' is required with an API key: copy it from the Flow Pieces "
                        + "address bar (…/projects/<id>/…).");
            }
            return null;
        }
        String p = value.strip();
        if (!PROJECT.matcher(p).matches()) {
            throw ApiException.badRequest("Field 'projectId' may hold only letters, digits, '-' and '_' (at most 64).");
        }
        return p;
    }

    static String optionalText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("Field '" + field + "' must be at most " + max + " characters, without control characters.");
        }
        return v;
    }

    static AiProvider provider(String value) {
        return AiProvider.of(value == null ? "" : value).orElseThrow(() -> ApiException.badRequest(
                "Field 'provider' must be one of " + AiProvider.ids() + "."));
    }

    /** null = keep the stored secret; "" = clear it; anything else = the new secret. */
    static String secret(String value) {
        if (value != null && (value.length() > MAX_SECRET || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0))) {
            throw ApiException.badRequest("Field 'secret' must be a single line of at most " + MAX_SECRET + " characters.");
        }
        if (value != null && !value.isEmpty() && value.isBlank()) {
            throw ApiException.badRequest("Field 'secret' is only spaces: leave it out to keep the stored secret, or send \"\" to clear it.");
        }
        return value == null ? null : value.strip();
    }
}
