package io.pmos.identity;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static io.pmos.TestSupport.signup;
import static io.pmos.TestSupport.signupCookie;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuthResourceTest {

    @BeforeEach
    void clean() {
        TestSupport.resetDatabase();
    }

    @Test
    void firstSignupIsSuperAdminAndLaterOnesAdminTheirOwnWorkspace() {
        Response first = signup("Ada Lovelace", "  Ada@Example.COM ");
        first.then().statusCode(200)
                .body("ok", equalTo(true))
                .body("user.role", equalTo("super_admin"))
                .body("user.email", equalTo("ada@example.com"))
                .body("user.name", equalTo("Ada Lovelace"))
                .body("user.workspaceId", notNullValue())
                .body("user.createdAtMs", notNullValue())
                .body("user.updatedAtMs", notNullValue());
        Response second = signup("Bob Builder", "bob@example.com");
        second.then().statusCode(200).body("user.role", equalTo("workspace_admin"));
        Response third = signup("Cy Young", "cy@example.com");
        third.then().statusCode(200).body("user.role", equalTo("workspace_admin"));

        assertNotEquals(first.jsonPath().getString("user.workspaceId"), second.jsonPath().getString("user.workspaceId"));
        assertNotEquals(second.jsonPath().getString("user.workspaceId"), third.jsonPath().getString("user.workspaceId"));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE role = 'super_admin'"));
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndOnlyItsHashIsStored() {
        Response r = signup("Ada Lovelace", "ada@example.com");
        String header = r.getHeader("Set-Cookie");
        assertTrue(header.startsWith("pmos_session="), header);
        assertTrue(header.contains("HttpOnly"), header);
        assertTrue(header.contains("SameSite=Lax"), header);
        assertTrue(header.contains("Path=/"), header);
        assertTrue(header.contains("Max-Age=2592000"), header);
        assertFalse(header.contains("Secure"), "plain HTTP must not mark the cookie Secure: " + header);
        String token = r.getCookie("pmos_session");
        assertEquals(0, count("SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'"));
        assertEquals(1, count("SELECT count(*) FROM sessions WHERE token_hash = '" + Tokens.hash(token) + "'"));
    }

    @Test
    void cookieIsSecureBehindTls() {
        Response r = given().contentType(ContentType.JSON).header("X-Forwarded-Proto", "https")
                .body(Map.of("name", "Ada Lovelace", "email", "ada@example.com", "password", PASSWORD))
                .post("/api/pmos/auth/signup");
        assertTrue(r.getHeader("Set-Cookie").contains("; Secure"), r.getHeader("Set-Cookie"));
    }

    @Test
    void meLoginLogoutFollowTheBoardContract() {
        String cookie = signupCookie("Ada Lovelace", "ada@example.com");
        as(cookie).get("/api/pmos/auth/me").then().statusCode(200)
                .body("ok", equalTo(true)).body("authenticated", equalTo(true))
                .body("user.email", equalTo("ada@example.com"));

        as(cookie).post("/api/pmos/auth/logout").then().statusCode(200).body("ok", equalTo(true))
                .header("Set-Cookie", containsString("Max-Age=0"));
        as(cookie).get("/api/pmos/auth/me").then().statusCode(401)
                .body("ok", equalTo(false)).body("authenticated", equalTo(false)).body("error", notNullValue());

        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("email", "ADA@example.com ", "password", PASSWORD)).post("/api/pmos/auth/login");
        login.then().statusCode(200).body("ok", equalTo(true)).body("user.role", equalTo("super_admin"))
                .body("user.lastLoginAtMs", notNullValue());
        as(login.getCookie("pmos_session")).get("/api/pmos/auth/me").then().statusCode(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        signupCookie("Ada Lovelace", "ada@example.com");
        given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", "wrong password"))
                .post("/api/pmos/auth/login").then().statusCode(401)
                .body("ok", equalTo(false)).body("error", equalTo("Invalid email or password."));
        given().contentType(ContentType.JSON).body(Map.of("email", "nobody@example.com", "password", "wrong password"))
                .post("/api/pmos/auth/login").then().statusCode(401)
                .body("error", equalTo("Invalid email or password."));
    }

    @Test
    void duplicateEmailIsAConflictAndWritesNothing() {
        signupCookie("Ada Lovelace", "ada@example.com");
        signup("Other Ada", "ADA@example.com").then().statusCode(409)
                .body("ok", equalTo(false)).body("error", equalTo("An account with this email already exists."));
        assertEquals(1, count("SELECT count(*) FROM users"));
        assertEquals(1, count("SELECT count(*) FROM workspaces"));
    }

    @Test
    void closedSignupRefusesNewAccountsButNeverTheFirst() {
        TestSupport.exec("UPDATE instance_settings SET signup_enabled = false");
        given().get("/api/pmos/auth/config").then().statusCode(200)
                .body("signupEnabled", equalTo(true)).body("bootstrapNeeded", equalTo(true));
        signup("Ada Lovelace", "ada@example.com").then().statusCode(200).body("user.role", equalTo("super_admin"));
        given().get("/api/pmos/auth/config").then().statusCode(200)
                .body("signupEnabled", equalTo(false)).body("bootstrapNeeded", equalTo(false));
        signup("Bob Builder", "bob@example.com").then().statusCode(403)
                .body("error", containsString("Self-signup is closed"));
        assertEquals(1, count("SELECT count(*) FROM users"));
    }

    @Test
    void superAdminSwitchesSignupFromTheAdminSettings() {
        String admin = signupCookie("Ada Lovelace", "ada@example.com");
        as(admin).body(Map.of("signupEnabled", false)).put("/api/pmos/admin/settings").then().statusCode(200)
                .body("settings.signupEnabled", equalTo(false));
        signup("Bob Builder", "bob@example.com").then().statusCode(403);
        as(admin).get("/api/pmos/admin/settings").then().body("settings.signupEnabled", equalTo(false));
        as(admin).body(Map.of("signupEnabled", true)).put("/api/pmos/admin/settings").then().statusCode(200);
        signup("Bob Builder", "bob@example.com").then().statusCode(200);
        as(admin).body(Map.of("signupEnabled", "no")).put("/api/pmos/admin/settings").then().statusCode(400)
                .body("error", equalTo("Field 'signupEnabled' must be true or false."));
    }

    @Test
    void repeatedFailuresLockTheEmailFromThatAddressWithRetryAfter() {
        signupCookie("Ada Lovelace", "ada@example.com");
        Map<String, String> wrong = Map.of("email", "ada@example.com", "password", "not the password");
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(wrong).post("/api/pmos/auth/login").then().statusCode(401);
        }
        Response locked = given().contentType(ContentType.JSON)
                .body(Map.of("email", "ada@example.com", "password", PASSWORD)).post("/api/pmos/auth/login");
        locked.then().statusCode(429).body("ok", equalTo(false)).body("error", containsString("Too many"));
        int retryAfter = Integer.parseInt(locked.getHeader("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60 + 1, "Retry-After " + retryAfter);
        // The lock lives in the database (a restart keeps it): the rows are there, and removing them lifts it.
        assertEquals(5, count("SELECT count(*) FROM login_attempts WHERE email = 'ada@example.com'"));
        TestSupport.exec("DELETE FROM login_attempts");
        given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", PASSWORD))
                .post("/api/pmos/auth/login").then().statusCode(200);
    }

    @Test
    void successfulSignInsDoNotCountButEarlierFailuresStandForTheWindow() {
        signupCookie("Ada Lovelace", "ada@example.com");
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", "nope nope"))
                    .post("/api/pmos/auth/login").then().statusCode(401);
        }
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", PASSWORD))
                    .post("/api/pmos/auth/login").then().statusCode(200);
        }
        // a success never erases failures (a burst holding the right password must not reopen the count)
        assertEquals(2, count("SELECT count(*) FROM login_attempts WHERE NOT succeeded"));
        assertEquals(2, count("SELECT count(*) FROM login_attempts WHERE succeeded"));
        TestSupport.exec("UPDATE login_attempts SET at = at - interval '15 minutes 1 second'");
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", "nope nope"))
                    .post("/api/pmos/auth/login").then().statusCode(401);
        }
    }

    @Test
    void changePasswordNeedsTheCurrentOneAndRevokesOtherSessions() {
        String first = signupCookie("Ada Lovelace", "ada@example.com");
        String second = given().contentType(ContentType.JSON)
                .body(Map.of("email", "ada@example.com", "password", PASSWORD)).post("/api/pmos/auth/login")
                .getCookie("pmos_session");

        as(first).body(Map.of("currentPassword", "not it at all", "newPassword", "a brand new secret"))
                .post("/api/pmos/auth/change-password").then().statusCode(400)
                .body("error", equalTo("Your current password is not correct."));
        as(first).body(Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .post("/api/pmos/auth/change-password").then().statusCode(400)
                .body("error", equalTo("Password must be at least 8 characters."));

        as(first).body(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new secret"))
                .post("/api/pmos/auth/change-password").then().statusCode(200).body("ok", equalTo(true));
        as(first).get("/api/pmos/auth/me").then().statusCode(200);
        as(second).get("/api/pmos/auth/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", PASSWORD))
                .post("/api/pmos/auth/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", "ada@example.com", "password", "a brand new secret"))
                .post("/api/pmos/auth/login").then().statusCode(200);
    }

    @Test
    void adminResetPasswordRevokesTheTargetsSessions() {
        signupCookie("Root User", "root@example.com");
        String admin = signupCookie("Bob Builder", "bob@example.com");
        String memberEmail = TestSupport.uniqueEmail("member");
        String member = TestSupport.invited(admin, memberEmail, "member");
        String memberId = TestSupport.userId(member);

        as(admin).body(Map.of("userId", memberId, "newPassword", "reset by admin 1"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(200).body("ok", equalTo(true));
        as(member).get("/api/pmos/auth/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", memberEmail, "password", "reset by admin 1"))
                .post("/api/pmos/auth/login").then().statusCode(200);

        as(admin).body(Map.of("userId", TestSupport.userId(admin), "newPassword", "reset by admin 1"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(400);
        as(admin).body(Map.of("userId", "not-a-uuid", "newPassword", "reset by admin 1"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(400)
                .body("error", equalTo("Field 'userId' is not a valid id."));
    }

    @Test
    void workspaceAdminCannotResetTheSuperAdminsPassword() {
        String root = signupCookie("Root User", "root@example.com");
        String rootWorkspaceAdmin = TestSupport.invited(root, TestSupport.uniqueEmail("deputy"), "workspace_admin");
        as(rootWorkspaceAdmin).body(Map.of("userId", TestSupport.userId(root), "newPassword", "taken over!!"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("email", "root@example.com", "password", PASSWORD))
                .post("/api/pmos/auth/login").then().statusCode(200);
    }

    @Test
    void healthAnswersForSmokeScripts() {
        RestAssured.get("/api/health").then().statusCode(200).body("ok", equalTo(true)).body("version", notNullValue());
        // /q/health/* answers on the management port: io.pmos.common.ManagementPortTest
    }
}
