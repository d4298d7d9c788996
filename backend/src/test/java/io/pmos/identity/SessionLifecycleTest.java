package io.pmos.identity;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;

import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.scalar;
import static io.pmos.TestSupport.signupCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@QuarkusTest
class SessionLifecycleTest {

    private String cookie;
    private String hash;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        cookie = signupCookie("Ada Lovelace", "ada@example.com");
        hash = Tokens.hash(cookie);
    }

    @Test
    void expiredSessionIsSignedOut() {
        TestSupport.exec("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = '" + hash + "'");
        as(cookie).get("/api/pmos/auth/me").then().statusCode(401);
        as(cookie).get("/api/pmos/workspace/members").then().statusCode(401);
    }

    @Test
    void revokedSessionIsSignedOut() {
        TestSupport.exec("UPDATE sessions SET revoked_at = now() WHERE token_hash = '" + hash + "'");
        as(cookie).get("/api/pmos/auth/me").then().statusCode(401);
    }

    /**
     * A revocation whose announcement never arrived (another instance's NOTIFY lost): the session cache uses what it
     * holds only for pmos.auth.session-cache-ttl (5 s), so the revoked cookie stops working soon all the same.
     */
    @Test
    void anUnannouncedRevocationEndsTheCachedSessionWithinItsFreshness() {
        as(cookie).get("/api/pmos/auth/me").then().statusCode(200);
        TestSupport.exec("UPDATE sessions SET revoked_at = now() WHERE token_hash = '" + hash + "'");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status;
        while ((status = as(cookie).get("/api/pmos/auth/me").statusCode()) != 401) {
            assertEquals(200, status);
            if (System.nanoTime() > deadline) {
                fail("the revoked session still works after 20 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void unknownOrGarbageCookieIsJustSignedOut() {
        as("no-such-token").get("/api/pmos/auth/me").then().statusCode(401);
        as("%%%").get("/api/pmos/workspace/members").then().statusCode(401);
    }

    @Test
    void useSlidesTheExpiryAndResendsTheCookie() {
        TestSupport.exec("UPDATE sessions SET last_seen_at = now() - interval '1 day', "
                + "expires_at = now() + interval '29 days' WHERE token_hash = '" + hash + "'");
        Instant before = ((Timestamp) scalar("SELECT expires_at FROM sessions WHERE token_hash = '" + hash + "'")).toInstant();
        Response r = as(cookie).get("/api/pmos/auth/me");
        r.then().statusCode(200);
        Instant after = ((Timestamp) scalar("SELECT expires_at FROM sessions WHERE token_hash = '" + hash + "'")).toInstant();
        assertTrue(after.isAfter(before.plus(23, ChronoUnit.HOURS)), before + " -> " + after);
        assertNotNull(r.getHeader("Set-Cookie"));
        assertTrue(r.getHeader("Set-Cookie").contains("Max-Age=2592000"));

        // a second use within minutes neither writes nor re-sends
        Response again = as(cookie).get("/api/pmos/auth/me");
        assertNull(again.getHeader("Set-Cookie"));
    }

    @Test
    void logoutRevokesServerSideEvenIfTheCookieIsReplayed() {
        as(cookie).post("/api/pmos/auth/logout").then().statusCode(200);
        assertNotNull(scalar("SELECT revoked_at FROM sessions WHERE token_hash = '" + hash + "'"));
        as(cookie).get("/api/pmos/auth/me").then().statusCode(401);
    }
}
