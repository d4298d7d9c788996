package io.pmos.common;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;

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

    /**
     * SQLSTATEs that mean the server is there but not serving: class 08 (connection exception), 57P01 (admin
     * shutdown), 57P02 (crash shutdown), 57P03 (cannot connect now: starting up or in recovery).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    /**
     * Texts of the Vert.x SQL client's own failures that carry no type of their own: a connection the pool handed out
     * that is no longer open, requests queued on a connection that closed, and the wait for a free connection.
     */
    private static final List<String> CLIENT_MESSAGES = List.of(
            "Connection is not active",
            "Pending requests failed to be sent due to connection has been closed",
            "Timeout waiting for connection");

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
            if (t instanceof StoreUnavailableException
                    || t instanceof ClosedConnectionException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException
                    || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && !(t instanceof PgException)
                    && CLIENT_MESSAGES.stream().anyMatch(message::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
