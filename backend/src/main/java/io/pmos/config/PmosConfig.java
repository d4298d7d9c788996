package io.pmos.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed PMOS settings; each one is also an environment variable (pmos.auth.signup-enabled = PMOS_AUTH_SIGNUP_ENABLED). */
@ConfigMapping(prefix = "pmos")
public interface PmosConfig {

    Auth auth();

    Http http();

    Shell shell();

    interface Auth {
        /** Whether people may create their own account (the very first account can always be created). */
        @WithDefault("true")
        boolean signupEnabled();

        /** Session lifetime; every use of a session pushes its end this far ahead (sliding expiry). */
        @WithDefault("P30D")
        Duration sessionTtl();

        /** Failed sign-ins for one email from one address before further attempts get 429. */
        @WithDefault("5")
        int loginMaxFailures();

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
}
