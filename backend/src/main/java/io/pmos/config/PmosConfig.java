package io.pmos.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed PMOS settings; each one is also an environment variable (pmos.auth.signup-enabled = PMOS_AUTH_SIGNUP_ENABLED). */
@ConfigMapping(prefix = "pmos")
public interface PmosConfig {

    Auth auth();

    Http http();

    Shell shell();

    Mcp mcp();

    Secrets secrets();

    FlowPieces flowPieces();

    Ai ai();

    Chat chat();

    Local local();

    Outbound outbound();

    Metrics metrics();

    /** The address people open PMOS at, scheme://host[:port] (PMOS_PUBLIC_URL); unset = a request's own address counts. */
    Optional<String> publicUrl();

    /** Further origins, comma-separated, whose pages may change things and open the live socket (PMOS_ALLOWED_ORIGINS). */
    Optional<List<String>> allowedOrigins();

    interface Auth {
        /** Whether people may create their own account (the very first account can always be created). */
        @WithDefault("true")
        boolean signupEnabled();

        /** Session lifetime; every use of a session pushes its end this far ahead (sliding expiry). */
        @WithDefault("P30D")
        Duration sessionTtl();

        /**
         * How long a resolved session is used from memory before it is read again; caps how long a revocation or role
         * change whose announcement an instance missed can go unseen there. 0 reads the session on every request.
         */
        @WithDefault("PT5S")
        Duration sessionCacheTtl();

        /** Sessions held in memory at most (beyond it, sessions are read from the database until entries expire). */
        @WithDefault("20000")
        int sessionCacheSize();

        /** Failed sign-ins for one email from one address before further attempts get 429. */
        @WithDefault("5")
        int loginMaxFailures();

        /** Failed sign-ins from one address across all emails (password spraying) before further attempts get 429. */
        @WithDefault("20")
        int loginMaxFailuresPerAddress();

        /** The window in which failed sign-ins are counted; also how long a lock-out lasts at most. */
        @WithDefault("PT15M")
        Duration loginFailureWindow();

        /** How long an invitation link stays valid. */
        @WithDefault("P7D")
        Duration invitationTtl();

        /** Argon2id memory cost in KiB (OWASP minimum: 19456). */
        @WithDefault("19456")
        int argon2MemoryKib();

        /** Argon2id iterations. */
        @WithDefault("2")
        int argon2Iterations();
    }

    interface Http {
        /** Largest JSON request body accepted on /api, in bytes. */
        @WithDefault("16384")
        int maxJsonBody();
    }

    interface Shell {
        /** Executables super_admin may run (names or absolute paths); empty = shell disabled. */
        Optional<List<String>> allowlist();

        /** A command still running after this is killed. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Bytes of stdout and of stderr kept; the rest is cut and reported as truncated. */
        @WithDefault("65536")
        int outputCapBytes();
    }

    interface Mcp {
        /** How long to wait for a TCP (and TLS) connection to an MCP server. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** How long one MCP request may wait for its answer; each progress notification restarts this timer. */
        @WithDefault("PT30S")
        Duration requestTimeout();

        /** Hard limit for one MCP request, however much progress the server reports. */
        @WithDefault("PT10M")
        Duration maxRequestTime();

        /** Largest single message accepted from an MCP server (a JSON body or one event of a stream), in bytes. */
        @WithDefault("16777216")
        int maxResponseBytes();

        /** Most tools/list pages followed before giving up on a server that never stops paging. */
        @WithDefault("100")
        int maxToolPages();

        /** Most times one request's broken event stream is resumed (GET with Last-Event-ID). */
        @WithDefault("3")
        int maxStreamReconnects();

        /** A pooled MCP session unused for this long is closed (DELETE) and reopened on next use. */
        @WithDefault("PT10M")
        Duration sessionIdleTimeout();

        /** Connections kept per MCP server host; a running tool call holds one for its whole duration. */
        @WithDefault("20")
        int maxConnectionsPerServer();

        /** How long an idle pooled connection is kept; under Node's 5 s, so PMOS never reuses one the server closed. */
        @WithDefault("PT4S")
        Duration keepAlive();
    }

    interface Secrets {
        /** Master key, base64 of 32 random bytes (PMOS_SECRET_KEY); when unset the key file is used. */
        @WithName("key")
        Optional<String> masterKey();

        /** Key file created on first run (mode 0600) when PMOS_SECRET_KEY is not set. */
        @WithDefault(".local/secret.key")
        String keyFile();
    }

    interface FlowPieces {
        /** Total time budget of one call to Flow Pieces, its retries and a token renewal included. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Timeout of the connection test (the wizard's Test button). */
        @WithDefault("PT6S")
        Duration testTimeout();

        /** Connection set-up timeout. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** Extra attempts for idempotent reads after a passing failure, within the call's time budget. */
        @WithDefault("2")
        int readRetries();
    }

    /** Local stand-in services started by `make run`, offered by the wizard as prefilled "local" choices. */
    interface Local {
        /** URL of the local Flow Pieces; unset = no local choice. */
        Optional<String> flowPiecesUrl();

        /** Platform API key of the local Flow Pieces; each workspace gets its own project through it. */
        Optional<String> flowPiecesApiKey();

        /** URL of the local demo MCP server; unset = no local choice. */
        Optional<String> mcpUrl();
    }

    /** Which addresses outbound calls (Flow Pieces, MCP, AI providers) may reach (docs/security.md §2). */
    interface Outbound {
        /** Allow loopback and private ranges (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7); `make run` turns it on. */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Ai {
        /** Timeout of the AI provider check (the wizard's Test button). */
        @WithDefault("PT10S")
        Duration testTimeout();
    }

    interface Chat {
        /** Most model steps (model answer → tools) in one run before it stops. */
        @WithDefault("8")
        int maxSteps();

        /** Longest time a run may work (not counting time spent waiting for an approval). */
        @WithDefault("PT5M")
        Duration maxDuration();

        /** Most tokens (input + output) one run may use. */
        @WithDefault("200000")
        int maxTokens();

        /** How long an approval request waits for a decision before it expires (told to the model as a refusal). */
        @WithDefault("PT30M")
        Duration approvalTtl();

        /** Longest one model answer may take, from sending the request to its last token; then the run ends with AI_TIMEOUT. */
        @WithDefault("PT2M")
        Duration modelTimeout();

        /** Extra attempts of a model call after a passing failure (rate limit, server error, lost connection) before any text came. */
        @WithDefault("2")
        int modelRetries();

        /** Wait before the first extra attempt; it doubles for each further one, unless the provider says how long (Retry-After). */
        @WithDefault("PT1S")
        Duration modelRetryBackoff();

        /** Longest wait a provider may ask for (Retry-After) that PMOS sits out; a longer one ends the run at once. */
        @WithDefault("PT30S")
        Duration maxRetryAfter();

        /** How long a run's lease lasts: a run whose instance stopped renewing it is taken over this long after. */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /** How often an instance renews the leases of the runs it works on (and looks for runs whose lease expired). */
        @WithDefault("PT5S")
        Duration leaseRenewEvery();
    }

    interface Metrics {
        /** How often the backlog gauges (pending approvals, active chat runs) are read from the database. */
        @WithDefault("15s")
        Duration sampleEvery();
    }
}
