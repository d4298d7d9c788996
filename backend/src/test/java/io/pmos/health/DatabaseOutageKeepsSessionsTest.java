package io.pmos.health;

import io.pmos.TestSupport;
import io.pmos.common.StoreUnavailableException;
import io.pmos.live.LiveClient;
import io.pmos.live.LiveHub;
import io.pmos.testing.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10 item 2 replayed: PostgreSQL becomes unreachable (a TCP fault proxy between PMOS and it is cut) while people
 * are signed in. Every answer that needs the database says "briefly unavailable" (503, Retry-After, a stable code)
 * (a session read in the last few seconds is still known from the session cache, so "who am I" answers until then);
 * nobody is told they are signed out, no open live socket is closed as signed out, and once the database is back the
 * same session cookie works again.
 */
@QuarkusTest
@TestProfile(DatabaseThroughFaultProxy.class)
class DatabaseOutageKeepsSessionsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LiveHub hub;

    @AfterEach
    void restore() {
        DatabaseThroughFaultProxy.proxy.restore();
    }

    @Test
    void anOutageIsBrieflyUnavailableAndSignsNobodyOut() throws Exception {
        TestSupport.resetDatabase();
        String email = TestSupport.uniqueEmail("outage");
        String cookie = TestSupport.signupCookie("Outage Admin", email);
        as(cookie).get("/api/pmos/auth/me").then().statusCode(200);
        as(cookie).get("/api/pmos/workspace/members").then().statusCode(200);
        String other = TestSupport.signupCookie("Leaving Admin", TestSupport.uniqueEmail("leaving"));

        try (LiveClient socket = LiveClient.connect(base, cookie); LogCapture logs = LogCapture.install()) {
            assertAlive(socket);

            DatabaseThroughFaultProxy.proxy.cut();

            // The session was read moments ago and is still fresh in the session cache (issue 11): "who am I" needs no
            // store and still answers, for at most pmos.auth.session-cache-ttl. No revocation can commit while the
            // database is unreachable, so this serves nothing the database would refuse.
            Response cached = as(cookie).get("/api/pmos/auth/me");
            assertEquals(200, cached.statusCode(), "who am I, from the session cache: " + cached.asString());
            assertEquals(email, cached.jsonPath().getString("user.email"));
            // A read that needs the store is unavailable even though the session is known.
            assertUnavailable(() -> as(cookie).get("/api/pmos/workspace/members"), "another signed-in read");
            assertUnavailable(() -> RestAssured.given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", PASSWORD)).post("/api/pmos/auth/login"), "sign-in");
            assertUnavailable(() -> TestSupport.signup("Someone Else", TestSupport.uniqueEmail("late")), "sign-up");
            assertUnavailable(() -> RestAssured.get("/api/pmos/auth/config"), "auth config");
            // Once the cached session is no longer fresh it must be read again, which the outage prevents: unavailable
            // (never "signed out"), and never served stale beyond the cache's freshness.
            awaitUnavailable(() -> as(cookie).get("/api/pmos/auth/me"), "who am I, after the cache's freshness");

            // An open socket whose session is re-checked during the outage stays open (never closed as signed out).
            hub.resync();
            awaitTrue(() -> logs.count("Could not re-check socket sessions") > 0, "a socket re-check during the outage");
            assertFalse(socket.isClosed(), "the live socket was closed during the outage");
            // A new socket cannot be checked either: its upgrade is refused as unavailable, not as signed out.
            ExecutionException refused = assertThrows(ExecutionException.class, () -> LiveClient.connect(base, cookie));
            UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, refused.getCause());
            assertEquals(503, rejected.getStatus(), "the upgrade during the outage");
            // An expected outage is no server defect: no request was logged as an error with a stack trace.
            assertEquals(List.of(), logs.errors().stream()
                    .filter(line -> line.contains("QuarkusErrorHandler") || line.contains("Unexpected failure")).toList());

            // Signing out cannot end the session on the server now: the browser's cookie is cleared all the same
            // and the answer says so (a shared computer is not left signed in after the outage).
            Response logout = as(other).post("/api/pmos/auth/logout");
            assertEquals(503, logout.statusCode(), "sign-out during the outage: " + logout.asString());
            assertEquals(StoreUnavailableException.CODE, logout.jsonPath().getString("code"));
            assertTrue(logout.jsonPath().getString("error").startsWith("You are signed out in this browser"));
            assertTrue(logout.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.contains("Max-Age=0")),
                    "the session cookie is cleared: " + logout.headers().getValues("Set-Cookie"));

            DatabaseThroughFaultProxy.proxy.restore();

            Response me = awaitStatus(() -> as(cookie).get("/api/pmos/auth/me"), 200);
            assertEquals(email, me.jsonPath().getString("user.email"), "the same session cookie works again");
            as(cookie).get("/api/pmos/workspace/members").then().statusCode(200);
            assertAlive(socket);
        }
        // An unknown session is still "not signed in" once the database answers.
        as("not-a-session").get("/api/pmos/auth/me").then().statusCode(401);
    }

    /** 503 with Retry-After, the stable code and the sentence. */
    private static void assertUnavailable(Supplier<Response> call, String what) {
        Response r = call.get();
        assertNotEquals(401, r.statusCode(), what + " answered as signed out: " + r.asString());
        assertEquals(503, r.statusCode(), what + ": " + r.asString());
        assertEquals(StoreUnavailableException.RETRY_AFTER, r.header("Retry-After"), what);
        assertEquals(StoreUnavailableException.CODE, r.jsonPath().getString("code"), what);
        assertEquals(StoreUnavailableException.MESSAGE, r.jsonPath().getString("error"), what);
        assertEquals(Boolean.FALSE, r.jsonPath().getBoolean("ok"), what);
    }

    /** Polls until the answer is no longer 200, then asserts it is the unavailable answer. */
    private static void awaitUnavailable(Supplier<Response> call, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response r = call.get();
        while (r.statusCode() == 200) {
            if (System.nanoTime() > deadline) {
                fail(what + ": still answered from the cache after " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            r = call.get();
        }
        Response unavailable = r;
        assertUnavailable(() -> unavailable, what);
    }

    private static void assertAlive(LiveClient socket) throws InterruptedException {
        socket.send(new JsonObject().put("type", "ping"));
        socket.until(m -> "pong".equals(m.getString("type")), WAIT);
        assertFalse(socket.isClosed());
    }

    private static Response awaitStatus(Supplier<Response> call, int status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response last = call.get();
        while (last.statusCode() != status) {
            if (System.nanoTime() > deadline) {
                fail("still " + last.statusCode() + " after " + WAIT.toSeconds() + " s: " + last.asString());
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            last = call.get();
        }
        return last;
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
