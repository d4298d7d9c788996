package io.pmos.health;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Issue 10 item 1: readiness follows the database down and, within seconds, back up after a restart. */
@QuarkusTest
@TestProfile(DatabaseThroughFaultProxy.class)
class ReadinessAfterDatabaseRestartTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void restore() {
        DatabaseThroughFaultProxy.proxy.restore();
    }

    @Test
    void readinessGoesDownWithTheDatabaseAndComesBackWithIt() {
        assertEquals(200, probe().statusCode(), "ready before the fault");

        DatabaseThroughFaultProxy.proxy.cut();
        Response down = awaitStatus(503, Duration.ofSeconds(10));
        assertTrue(down.time() < 3000, "a probe answers fast even when the database is gone, took " + down.time() + " ms");

        DatabaseThroughFaultProxy.proxy.restore();
        Response up = awaitStatus(200, Duration.ofSeconds(10));
        assertEquals("UP", up.path("checks.find { it.name == 'database' }.status"));
        assertEquals("UP", up.path("checks.find { it.name == 'database-migrations' }.status"));
    }

    private Response probe() {
        return RestAssured.given().get("http://localhost:" + management.getPort() + "/q/health/ready");
    }

    /** Bounded poll: the first probe with this status, or a failure naming the last status seen. */
    private Response awaitStatus(int status, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Response last = probe();
        while (last.statusCode() != status) {
            if (System.nanoTime() > deadline) {
                fail("readiness stayed " + last.statusCode() + " for " + within.toSeconds() + " s: " + last.asString());
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            last = probe();
        }
        return last;
    }
}
