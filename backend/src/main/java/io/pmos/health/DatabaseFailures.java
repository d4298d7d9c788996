package io.pmos.health;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that only means "the database cannot be reached right now" (refused, closed, timed out, pool
 * exhausted, shutting down) from a real fault, by a stable code. The expected ones are logged once as an outage by
 * {@link DependencyStates}, never with a stack trace; anything else keeps its stack trace. The one classifier of
 * such failures: the REST layer's 503 ({@code io.pmos.common.StoreUnavailableException}) asks it too.
 */
public final class DatabaseFailures {

    public static final String REFUSED = "DB_CONNECTION_REFUSED";
    public static final String UNREACHABLE = "DB_UNREACHABLE";
    public static final String CLOSED = "DB_CONNECTION_CLOSED";
    public static final String TIMEOUT = "DB_TIMEOUT";
    public static final String POOL_EXHAUSTED = "DB_POOL_EXHAUSTED";
    public static final String SHUTTING_DOWN = "DB_SHUTTING_DOWN";
    /** The readiness query failed in another way: the database answers, but not usefully. */
    public static final String FAILING = "DB_FAILING";

    private DatabaseFailures() {
    }

    /** The DB_* code when {@code error} means the database is unreachable, else null (a real fault). */
    public static String code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof ConnectException) {
                return message.toLowerCase(java.util.Locale.ROOT).contains("refused") ? REFUSED : UNREACHABLE;
            }
            if (t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof ConnectTimeoutException) {
                return UNREACHABLE;
            }
            if (t instanceof ClosedConnectionException || t instanceof ClosedChannelException
                    || message.startsWith("Connection is not active")
                    || message.startsWith("Pending requests failed to be sent due to connection has been closed")
                    || message.contains("Connection was closed") || message.contains("Pool closed")) {
                return CLOSED;
            }
            if (message.startsWith("Timeout waiting for connection") || message.startsWith("Max waiter size reached")) {
                return POOL_EXHAUSTED;
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT;
            }
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                String state = db.getSqlState();
                // 57P01-57P03: the server is shutting down, crashed or starting; 08*: the connection failed
                if (state.startsWith("57P0")) {
                    return SHUTTING_DOWN;
                }
                if (state.startsWith("08")) {
                    return CLOSED;
                }
            }
        }
        return null;
    }
}
