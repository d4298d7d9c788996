package io.pmos.identity;

import io.pmos.TestSupport;
import io.pmos.testing.AnotherInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The session cache (issue 11 item 2). Its freshness is set to ten minutes here, so that only an invalidation can make
 * a cached session stop working within a test: sign-out, a password change or reset, a role change and a removal are
 * seen by the very next request on this instance, and a revocation by another instance as soon as its NOTIFY arrives.
 * (That an unannounced revocation is seen within the normal few seconds is SessionLifecycleTest's.)
 */
@QuarkusTest
@TestProfile(SessionCacheTest.LongFreshness.class)
class SessionCacheTest {

    /** The cache keeps sessions fresh far longer than any test takes. */
    public static class LongFreshness implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pmos.auth.session-cache-ttl", "PT10M");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    SessionRepository sessions;

    private String root;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        root = TestSupport.signupCookie("Root User", TestSupport.uniqueEmail("root"));
    }

    @Test
    void repeatedRequestsReadTheSessionOnce() {
        long before = sessions.lookups();
        for (int i = 0; i < 10; i++) {
            as(root).get("/api/pmos/auth/me").then().statusCode(200);
            as(root).get("/api/pmos/workspace/members").then().statusCode(200);
        }
        assertEquals(1, sessions.lookups() - before, "session look-ups for 20 signed-in requests");
    }

    @Test
    void meAnswersFromTheCacheWithTheSameFieldsAsTheDatabase() {
        Response me = as(root).get("/api/pmos/auth/me");
        me.then().statusCode(200);
        assertEquals("Root User", me.jsonPath().getString("user.name"));
        assertEquals("super_admin", me.jsonPath().getString("user.role"));
        assertEquals("Root User's workspace", me.jsonPath().getString("user.workspaceName"));
        assertEquals(me.asString(), as(root).get("/api/pmos/auth/me").asString(), "a cached answer differs");
    }

    @Test
    void aSignedOutCookieIsRefusedAtOnce() {
        as(root).get("/api/pmos/auth/me").then().statusCode(200);
        as(root).get("/api/pmos/workspace/members").then().statusCode(200);
        as(root).post("/api/pmos/auth/logout").then().statusCode(200);
        as(root).get("/api/pmos/auth/me").then().statusCode(401);
        as(root).get("/api/pmos/workspace/members").then().statusCode(401);
    }

    @Test
    void aDemotedAdminIsRefusedAtOnce() {
        String admin = TestSupport.invited(root, TestSupport.uniqueEmail("admin"), "workspace_admin");
        as(admin).get("/api/pmos/workspace/invitations").then().statusCode(200);
        as(root).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + TestSupport.userId(admin))
                .then().statusCode(200);
        as(admin).get("/api/pmos/workspace/invitations").then().statusCode(403);
        assertEquals("viewer", as(admin).get("/api/pmos/auth/me").jsonPath().getString("user.role"));
    }

    @Test
    void aRemovedMemberIsRefusedAtOnce() {
        String member = TestSupport.invited(root, TestSupport.uniqueEmail("member"), "member");
        String memberId = TestSupport.userId(member);
        as(member).get("/api/pmos/workspace/members").then().statusCode(200);
        as(root).delete("/api/pmos/workspace/members/" + memberId).then().statusCode(200);
        as(member).get("/api/pmos/workspace/members").then().statusCode(401);
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsAtOnce() {
        String email = TestSupport.uniqueEmail("pw");
        String first = TestSupport.signupCookie("Pat", email);
        String second = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/pmos/auth/login")
                .then().statusCode(200).extract().cookie("pmos_session");
        as(first).get("/api/pmos/auth/me").then().statusCode(200);
        as(second).get("/api/pmos/auth/me").then().statusCode(200);
        as(first).body(Map.of("currentPassword", PASSWORD, "newPassword", "a new password 1"))
                .post("/api/pmos/auth/change-password").then().statusCode(200);
        as(second).get("/api/pmos/auth/me").then().statusCode(401);
        as(first).get("/api/pmos/auth/me").then().statusCode(200);
    }

    @Test
    void anAdminPasswordResetEndsTheTargetsSessionsAtOnce() {
        String member = TestSupport.invited(root, TestSupport.uniqueEmail("member"), "member");
        as(member).get("/api/pmos/auth/me").then().statusCode(200);
        as(root).body(Map.of("userId", TestSupport.userId(member), "newPassword", "reset by admin 1"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(200);
        as(member).get("/api/pmos/auth/me").then().statusCode(401);
    }

    /**
     * Another PMOS instance signs a user out: its own database connection, the same SQL as EventLog.publish, so the
     * only way this instance learns of it before its cache entry goes stale (ten minutes) is the seam's NOTIFY.
     */
    @Test
    void aRevocationAnnouncedByAnotherInstanceIsSeenThroughTheSeam() throws Exception {
        String member = TestSupport.invited(root, TestSupport.uniqueEmail("member"), "member");
        String memberId = TestSupport.userId(member);
        as(member).get("/api/pmos/auth/me").then().statusCode(200);
        String workspace = as(root).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId");
        try (AnotherInstance other = new AnotherInstance()) {
            long seq = other.signOut(memberId, workspace);
            // committed but not announced: this instance still answers from its cache
            as(member).get("/api/pmos/auth/me").then().statusCode(200);
            other.announce(memberId, seq);
        }
        awaitStatus(member, 401);
    }

    private static void awaitStatus(String cookie, int status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        while ((last = as(cookie).get("/api/pmos/auth/me").statusCode()) != status) {
            if (System.nanoTime() > deadline) {
                fail("still " + last + " after " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
