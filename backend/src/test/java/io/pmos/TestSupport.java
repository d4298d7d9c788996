package io.pmos;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared helpers for API tests: a clean database, accounts, and signed-in requests. */
public final class TestSupport {

    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private TestSupport() {
    }

    /** Empties every table (the schema stays), so a test can start from "no account exists yet". */
    public static void resetDatabase() {
        exec("TRUNCATE audit_events, login_attempts, invitations, sessions, memberships, users, workspaces CASCADE");
        exec("UPDATE instance_settings SET signup_enabled = NULL");
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@example.com";
    }

    public static Response signup(String name, String email) {
        return RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", email, "password", PASSWORD))
                .post("/api/pmos/auth/signup");
    }

    /** Signs up and returns the session cookie; fails the test if sign-up did not succeed. */
    public static String signupCookie(String name, String email) {
        Response r = signup(name, email);
        assertEquals(200, r.statusCode(), r.asString());
        return r.getCookie("pmos_session");
    }

    public static RequestSpecification as(String cookie) {
        return RestAssured.given().cookie("pmos_session", cookie).contentType(ContentType.JSON);
    }

    /** An admin invites an email with a role; the invitee accepts; returns the invitee's session cookie. */
    public static String invited(String adminCookie, String email, String role) {
        Response inv = as(adminCookie).body(Map.of("email", email, "role", role))
                .post("/api/pmos/workspace/invitations");
        assertEquals(200, inv.statusCode(), inv.asString());
        String url = inv.jsonPath().getString("invitation.url");
        String token = url.substring(url.lastIndexOf('/') + 1);
        Response accepted = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("name", "Invited " + role, "password", PASSWORD))
                .post("/api/pmos/auth/invitations/" + token + "/accept");
        assertEquals(200, accepted.statusCode(), accepted.asString());
        return accepted.getCookie("pmos_session");
    }

    public static String userId(String cookie) {
        return as(cookie).get("/api/pmos/auth/me").jsonPath().getString("user.id");
    }

    public static long count(String sql) {
        Object v = scalar(sql);
        return v == null ? 0 : ((Number) v).longValue();
    }

    public static Object scalar(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void exec(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres");
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return DriverManager.getConnection(url, user, password);
    }
}
