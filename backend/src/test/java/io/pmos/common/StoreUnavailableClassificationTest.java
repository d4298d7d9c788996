package io.pmos.common;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures read as "the database cannot be reached" (503), whoever wrapped them, and which do not. */
class StoreUnavailableClassificationTest {

    @Test
    void connectionFailuresOfTheSqlClientAreUnavailableHoweverWrapped() {
        assertTrue(StoreUnavailableException.causes(ClosedConnectionException.INSTANCE));
        assertTrue(StoreUnavailableException.causes(new HibernateException(
                new CompletionException(ClosedConnectionException.INSTANCE))));
        assertTrue(StoreUnavailableException.causes(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(StoreUnavailableException.causes(new VertxException(
                "Connection is not active now, current status: CLOSED", true)));
        assertTrue(StoreUnavailableException.causes(new HibernateException(new VertxException(
                "Timeout waiting for connection", true))));
        assertTrue(StoreUnavailableException.causes(new StoreUnavailableException(new IllegalStateException())));
    }

    @Test
    void aServerThatIsShuttingDownOrStartingIsUnavailable() {
        assertTrue(StoreUnavailableException.causes(pg("57P03")), "cannot connect now");
        assertTrue(StoreUnavailableException.causes(pg("57P01")), "admin shutdown");
        assertTrue(StoreUnavailableException.causes(new HibernateException(pg("08006"))), "connection failure");
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(StoreUnavailableException.causes(pg("23505")), "unique violation");
        assertFalse(StoreUnavailableException.causes(pg("22021")), "bad text");
        assertFalse(StoreUnavailableException.causes(new IllegalStateException("Result is already complete")));
        assertFalse(StoreUnavailableException.causes(new ApiException(502, "Flow Pieces could not be reached.")));
        assertFalse(StoreUnavailableException.causes(null));
    }

    private static PgException pg(String sqlState) {
        return new PgException("message", "ERROR", sqlState, null);
    }
}
