package io.pmos.common;

import io.pmos.health.DatabaseFailures;

/**
 * PMOS's database cannot be reached right now: the one place that recognises such a failure (whoever wrapped it) and
 * the failure the security layer raises for it, so that an outage reads as "briefly unavailable" (503), never as
 * "signed out" (401) or a server defect (500).
 */
public final class StoreUnavailableException extends RuntimeException {

    public static final String CODE = "STORE_UNAVAILABLE";
    public static final String MESSAGE = "PMOS is briefly unavailable: it cannot reach its database right now. "
            + "Try again in a few seconds.";
    /** Seconds the answer's Retry-After asks for: the pool reconnects by itself once PostgreSQL answers again. */
    public static final String RETRY_AFTER = "5";
    /** The answer's body, the same from the REST layer and from plain routes. */
    public static final ErrorBody BODY = ErrorBody.of(MESSAGE, CODE);

    public StoreUnavailableException(Throwable cause) {
        super(MESSAGE, cause, false, false);
    }

    /**
     * Whether a failure, or anything in its cause chain, says the database could not be reached: refused or dropped
     * connections, an exhausted wait for a pooled connection, a server shutting down or starting. Outbound HTTP calls
     * (Flow Pieces, MCP, AI providers) sort their own connection failures before they reach the mappers, so a refused
     * connection that arrives there unsorted is the database's.
     */
    public static boolean causes(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
        }
        return DatabaseFailures.code(e) != null;
    }
}
