package io.pmos.audit;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditLogTest {

    @BeforeEach
    void clean() {
        TestSupport.resetDatabase();
    }

    @Test
    void everySecuritySensitiveActionIsRecordedWithActorAddressAndOutcome() {
        String root = TestSupport.signupCookie("Root User", "root@example.com");
        String admin = TestSupport.signupCookie("Wanda Admin", "wanda@example.com");
        RestAssured.given().contentType(ContentType.JSON).header("User-Agent", "audit-test/1.0")
                .body(Map.of("email", "wanda@example.com", "password", "wrong password")).post("/api/pmos/auth/login");
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", "wanda@example.com", "password", PASSWORD)).post("/api/pmos/auth/login");
        String member = TestSupport.invited(admin, "m@example.com", "member");
        String memberId = TestSupport.userId(member);
        as(admin).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + memberId);
        as(admin).body(Map.of("userId", memberId, "newPassword", "another password")).post("/api/pmos/auth/admin/reset-password");
        as(admin).body(Map.of("currentPassword", PASSWORD, "newPassword", "wanda's new one"))
                .post("/api/pmos/auth/change-password");
        as(admin).body(Map.of("argv", List.of("echo"))).post("/api/pmos/shell/exec");
        as(admin).delete("/api/pmos/workspace/members/" + memberId);
        as(admin).post("/api/pmos/auth/logout");

        Response all = as(root).get("/api/pmos/audit?limit=200");
        all.then().statusCode(200);
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> e : all.jsonPath().<Map<String, Object>>getList("events")) {
            seen.add(e.get("action") + ":" + e.get("outcome"));
            assertTrue(e.get("ip") != null && e.get("atMs") != null, e.toString());
        }
        for (String expected : List.of("auth.signup:success", "auth.login:failure", "auth.login:success",
                "member.invite:success", "member.join:success", "member.role.change:success",
                "auth.password.reset:success", "auth.password.change:success", "shell.exec:denied",
                "member.remove:success", "auth.logout:success")) {
            assertTrue(seen.contains(expected), expected + " missing from " + seen);
        }
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure' "
                + "AND user_agent = 'audit-test/1.0' AND actor_email = 'wanda@example.com'"));
        String everything = (String) TestSupport.scalar("SELECT string_agg(detail::text, ' ') FROM audit_events");
        assertFalse(everything.contains(PASSWORD), "no password in the audit log");
        assertFalse(everything.contains("another password"), "no password in the audit log");
    }

    @Test
    void pagesGoBackwardsWithNextBefore() {
        String root = TestSupport.signupCookie("Root User", "root@example.com");
        for (int i = 0; i < 4; i++) {
            TestSupport.signupCookie("User " + i, "u" + i + "@example.com");
        }
        Response first = as(root).get("/api/pmos/audit?limit=3");
        first.then().statusCode(200).body("events", hasSize(3));
        long before = first.jsonPath().getLong("nextBefore");
        Response second = as(root).get("/api/pmos/audit?limit=3&before=" + before);
        second.then().body("events", hasSize(2));
        List<Long> ids = second.jsonPath().getList("events.id", Long.class);
        assertTrue(ids.stream().allMatch(id -> id < before));
        org.junit.jupiter.api.Assertions.assertNull(second.jsonPath().get("nextBefore"));
    }
}
