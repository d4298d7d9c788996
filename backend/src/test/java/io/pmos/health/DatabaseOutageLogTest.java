package io.pmos.health;

import io.pmos.TestSupport;
import io.pmos.testing.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.pmos.TestSupport.as;
import static io.pmos.health.OutageLog.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 6, the database: PostgreSQL first hangs (longer than the pool's 30 s wait for a connection, with more
 * requests waiting than the pool has connections) and then goes away, while requests, readiness probes and scheduled
 * jobs keep failing; then it comes back. The log must tell this in two lines: one WARN "down" and one INFO "back" with
 * the code and the duration; no stack trace, no "Result is already complete", no health JSON.
 */
@QuarkusTest
@TestProfile(DatabaseOutageLogProfile.class)
class DatabaseOutageLogTest {

    private static final String BACK = "Dependency back: database postgresql";

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void restore() {
        DatabaseThroughFaultProxy.proxy.heal();
        DatabaseThroughFaultProxy.proxy.restore();
    }

    @Test
    void anOutageIsOneWarnDownAndOneInfoBackWithoutStackTraces() throws Exception {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try (LogCapture log = LogCapture.install()) {
            // the database hangs: open connections forward nothing, new ones are accepted and hang too
            DatabaseThroughFaultProxy.proxy.stall();
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                waiting.add(clients.submit(() -> as(admin).get("/api/pmos/auth/me").statusCode()));
            }
            // the hang outlasts the pool's wait for a connection: where "Result is already complete" came from
            long hangUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(PoolOptions.DEFAULT_CONNECTION_TIMEOUT + 3);
            while (System.nanoTime() < hangUntil) {
                probe();
            }
            // then it is gone: every connection drops, new ones are refused
            DatabaseThroughFaultProxy.proxy.cut();
            DatabaseThroughFaultProxy.proxy.heal();
            awaitTrue(() -> waiting.stream().allMatch(Future::isDone), "the requests that waited for the database ended");
            for (int i = 0; i < 10; i++) {
                as(admin).get("/api/pmos/auth/me");
                RestAssured.given().contentType("application/json")
                        .body(Map.of("email", "ada@example.com", "password", TestSupport.PASSWORD)).post("/api/pmos/auth/login");
                probe();
            }
            awaitTrue(() -> !log.lines("Scheduled job 1_io.pmos.chat.ChatLifecycle#tick failed").isEmpty(),
                    "the lease sweeper ran during the outage");

            DatabaseThroughFaultProxy.proxy.restore();
            awaitTrue(() -> probe() == 200 && !log.records(Level.INFO, BACK).isEmpty(), "PMOS said the database is back");
            as(admin).get("/api/pmos/auth/me").then().statusCode(200);

            LogRecord back = OutageLog.assertOneDownOneBack(log, "database postgresql", "DB_");
            assertEquals(0, log.count("already complete"), "no double completion in the pool");
            assertEquals(List.of(), log.lines("\"checks\""), "no health JSON in the log");
            for (String job : List.of("ChatLifecycle#tick", "BacklogSampler")) {
                assertTrue(log.lines("Scheduled job 1_io.pmos." + job).size() <= 1, "at most one line per failing job: " + job);
            }

            // PMOS_LOG_FORMAT=json: the same lines as JSON objects, with the dependency, code and duration as fields
            JsonObject json = new JsonObject(LogCapture.consoleFormatter().format(back));
            assertEquals("INFO", json.getString("level"));
            JsonObject mdc = json.getJsonObject("mdc");
            assertEquals("database", mdc.getString(DependencyStates.MDC_KIND), json.encode());
            assertTrue(mdc.getString(DependencyStates.MDC_CODE).startsWith("DB_"), json.encode());
            assertTrue(Double.parseDouble(mdc.getString(DependencyStates.MDC_DOWN_SECONDS)) >= 30, json.encode());
        } finally {
            clients.shutdownNow();
        }
    }

    /** One readiness probe; answers its status. */
    private int probe() {
        return RestAssured.given().get("http://localhost:" + management.getPort() + "/q/health/ready").statusCode();
    }
}
