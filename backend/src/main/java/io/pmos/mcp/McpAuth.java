package io.pmos.mcp;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How PMOS proves itself to an MCP server: nothing, a bearer token, or a named header (BCGPT: x-bcgpt-api-key). */
public sealed interface McpAuth permits McpAuth.None, McpAuth.Bearer, McpAuth.Header {

    String MASK = "••••";

    static McpAuth none() {
        return new None();
    }

    static McpAuth bearer(String token) {
        return new Bearer(token);
    }

    static McpAuth header(String name, String value) {
        return new Header(name, value);
    }

    /** The header to send, or null for {@link None}. */
    String headerName();

    /** The header value to send (the secret), or null for {@link None}. */
    String headerValue();

    /** The secret part alone, so error messages can be scrubbed of it; null for {@link None}. */
    String secret();

    record None() implements McpAuth {
        @Override
        public String headerName() {
            return null;
        }

        @Override
        public String headerValue() {
            return null;
        }

        @Override
        public String secret() {
            return null;
        }

        @Override
        public String toString() {
            return "None";
        }
    }

    record Bearer(String token) implements McpAuth {
        public Bearer {
            Checks.secret(token, "The bearer token");
        }

        @Override
        public String headerName() {
            return "Authorization";
        }

        @Override
        public String headerValue() {
            return "Bearer " + token;
        }

        @Override
        public String secret() {
            return token;
        }

        @Override
        public String toString() {
            return "Bearer[token=" + MASK + "]";
        }
    }

    record Header(String name, String value) implements McpAuth {
        public Header {
            Checks.headerName(name);
            Checks.secret(value, "The value of header '" + name + "'");
        }

        @Override
        public String headerName() {
            return name;
        }

        @Override
        public String headerValue() {
            return value;
        }

        @Override
        public String secret() {
            return value;
        }

        @Override
        public String toString() {
            return "Header[name=" + name + ", value=" + MASK + "]";
        }
    }

    /** Input rules shared by the variants; a bad value must fail here, never later as a garbled request. */
    final class Checks {
        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
        private static final Pattern VISIBLE = Pattern.compile("[\\x20-\\x7E]{1,8192}");
        // headers the transport owns; letting a credential replace them would break the protocol
        private static final Set<String> RESERVED = Set.of("accept", "content-type", "content-length", "host",
                "mcp-session-id", "mcp-protocol-version", "last-event-id", "connection", "transfer-encoding");

        private Checks() {
        }

        static void headerName(String name) {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                        "The credential header name must be a plain HTTP header name such as x-bcgpt-api-key.");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                        "The header '" + name + "' is used by the MCP protocol itself and cannot carry a credential.");
            }
        }

        static void secret(String value, String what) {
            if (value == null || value.isBlank() || !VISIBLE.matcher(value).matches()) {
                // the value itself is never quoted: it is the secret
                throw new McpException(McpErrorCode.MCP_INVALID_ENDPOINT,
                        what + " must be non-empty printable ASCII without line breaks.");
            }
        }
    }
}
