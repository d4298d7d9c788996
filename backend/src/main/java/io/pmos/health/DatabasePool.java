package io.pmos.health;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the reactive pool from Quarkus's settings with one change that keeps a database outage from throwing
 * {@code IllegalStateException: Result is already complete} (issue 10): no pool-side wait timer.
 *
 * <p>In vertx-sql-client 4.5, a query run on the pool ({@code pool.query(..).execute()}) arms a timer
 * (PoolOptions connectionTimeout, 30 s) while it waits for a connection; when the timer fires first and the connection
 * attempt then fails, the pool completes the same promise twice and Vert.x logs that exception with a stack trace, once
 * per waiting query (SqlConnectionPool.execute). Without the timer a waiting query ends when a connection attempt
 * fails, which the connect timeout below bounds, and the wait queue is bounded so a hung database cannot pile up
 * requests without limit: past it a query fails at once ("Max waiter size reached", DB_POOL_EXHAUSTED).
 */
@ApplicationScoped
public class DatabasePool implements PgPoolCreator {

    /** A healthy PostgreSQL accepts a connection in milliseconds; an address that swallows packets fails after this. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * Queries waiting for a connection, per pool connection, before more are refused at once: room for a burst of a
     * few hundred simultaneous requests (a page load of many users, sockets reconnecting after a restart) on the
     * default 20 connections, while a hung database cannot pile up requests without limit.
     */
    static final int WAITERS_PER_CONNECTION = 64;

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions())
                .setConnectionTimeout(0)
                .setMaxWaitQueueSize(Math.max(32, WAITERS_PER_CONNECTION * input.poolOptions().getMaxSize()));
        for (PgConnectOptions connect : input.pgConnectOptionsList()) {
            if (connect.getConnectTimeout() == PgConnectOptions.DEFAULT_CONNECT_TIMEOUT) {
                connect.setConnectTimeout(CONNECT_TIMEOUT_MS);
            }
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
