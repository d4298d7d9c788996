package io.pmos.identity;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every JSON endpoint answers malformed input with the right status, {ok:false, error} and no write. */
@QuarkusTest
class BadInputTest {

    /** Endpoints taking a JSON body, with one valid body each (the bad ones are derived from it). */
    static final List<String[]> BODY_ENDPOINTS = List.of(
            new String[]{"POST", "/api/pmos/auth/signup", "{\"name\":\"Zed Zero\",\"email\":\"zed@example.com\",\"password\":\"password123\"}"},
            new String[]{"POST", "/api/pmos/auth/login", "{\"email\":\"zed@example.com\",\"password\":\"password123\"}"},
            new String[]{"POST", "/api/pmos/auth/change-password", "{\"currentPassword\":\"password123\",\"newPassword\":\"password456\"}"},
            new String[]{"POST", "/api/pmos/auth/admin/reset-password", "{\"userId\":\"00000000-0000-0000-0000-000000000000\",\"newPassword\":\"password456\"}"},
            new String[]{"POST", "/api/pmos/workspace/invitations", "{\"email\":\"new@example.com\",\"role\":\"member\"}"},
            new String[]{"PATCH", "/api/pmos/workspace/members/00000000-0000-0000-0000-000000000000", "{\"role\":\"viewer\"}"},
            new String[]{"PUT", "/api/pmos/admin/settings", "{\"signupEnabled\":true}"},
            new String[]{"POST", "/api/pmos/shell/exec", "{\"argv\":[\"echo\",\"hi\"]}"},
            new String[]{"POST", "/api/pmos/auth/invitations/unknown-token/accept", "{\"name\":\"Zed Zero\",\"password\":\"password123\"}"});

    /** One super_admin for the whole class: the bad requests below never change who exists. */
    private static String cookie;

    @BeforeEach
    void setUp() {
        if (cookie == null || as(cookie).get("/api/pmos/auth/me").statusCode() != 200) {
            TestSupport.resetDatabase();
            cookie = TestSupport.signupCookie("Root User", "root@example.com");
        }
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> out = new ArrayList<>();
        for (String[] e : BODY_ENDPOINTS) {
            out.add(Arguments.of(e[0], e[1], "not json at all", 400, "The request body is not valid JSON."));
            out.add(Arguments.of(e[0], e[1], "{\"unterminated\": ", 400, null));
            out.add(Arguments.of(e[0], e[1], "[1, 2, 3]", 400, "The request body must be a JSON object."));
            out.add(Arguments.of(e[0], e[1], "\"a string\"", 400, "The request body must be a JSON object."));
            out.add(Arguments.of(e[0], e[1], "42", 400, "The request body must be a JSON object."));
            out.add(Arguments.of(e[0], e[1], "null", 400, "The request body must be a JSON object."));
            out.add(Arguments.of(e[0], e[1], "", 400, "The request body must be a JSON object."));
            out.add(Arguments.of(e[0], e[1], e[2].substring(0, e[2].length() - 1) + ",\"surprise\":1}", 400, null));
            out.add(Arguments.of(e[0], e[1], "{" + "\"x\":\"" + "a".repeat(17 * 1024) + "\"}", 413,
                    "The request body is too large: at most 16 KiB is accepted."));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} <- {2}")
    @MethodSource("badBodies")
    void malformedBodiesAreRefusedInPlainWords(String method, String path, String body, int status, String message) {
        long users = count("SELECT count(*) FROM users");
        long events = count("SELECT count(*) FROM audit_events WHERE outcome = 'success'");
        Response r = as(cookie).body(body).request(method, path);
        r.then().statusCode(status).body("ok", equalTo(false)).body("error", not(emptyOrNullString()));
        if (message != null) {
            assertEquals(message, r.jsonPath().getString("error"));
        }
        assertEquals(users, count("SELECT count(*) FROM users"), "nothing may be written");
        assertEquals(events, count("SELECT count(*) FROM audit_events WHERE outcome = 'success'"));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("/api/pmos/auth/signup", Map.of("name", 12, "email", "a@b.co", "password", "password123"), "Field 'name' must be a string."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", true, "password", "password123"), "Field 'email' must be a string."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", "a@b.co", "password", List.of("x")), "Field 'password' must be a string."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", Map.of("first", "Z"), "email", "a@b.co", "password", "password123"), "Field 'name' must be a string."),
                Arguments.of("/api/pmos/auth/signup", Map.of("email", "a@b.co", "password", "password123"), "Field 'name' is required."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Z", "email", "a@b.co", "password", "password123"), "Name must be at least 2 characters."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Z".repeat(101), "email", "a@b.co", "password", "password123"), "Name must be at most 100 characters."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", "not-an-email", "password", "password123"), "Please enter a valid email address, like name@example.com."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", "a".repeat(250) + "@b.co", "password", "password123"), "Email must be at most 254 characters."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", "a@b.co", "password", "short"), "Password must be at least 8 characters."),
                Arguments.of("/api/pmos/auth/signup", Map.of("name", "Zed", "email", "a@b.co", "password", "p".repeat(257)), "Password must be at most 256 characters."),
                Arguments.of("/api/pmos/auth/login", Map.of("email", 5, "password", "password123"), "Field 'email' must be a string."),
                Arguments.of("/api/pmos/auth/login", Map.of("email", "a@b.co"), "Field 'password' is required."),
                Arguments.of("/api/pmos/workspace/invitations", Map.of("email", "new@example.com", "role", "super_admin"), "Role must be one of workspace_admin, member, viewer."),
                Arguments.of("/api/pmos/workspace/invitations", Map.of("email", "new@example.com", "role", 3), "Field 'role' must be a string."),
                Arguments.of("/api/pmos/shell/exec", Map.of("argv", "echo hi"), "Field 'argv' must be a list."),
                Arguments.of("/api/pmos/shell/exec", Map.of("argv", List.of()), "Field 'argv' is required: a list like [\"uptime\"] or [\"ls\", \"-l\"]."),
                Arguments.of("/api/pmos/shell/exec", Map.of("argv", List.of(1, 2)), "Field 'argv.[0]' must be a string."));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongTypes")
    void wrongTypesAndRuleBreaksNameTheField(String path, Map<String, Object> body, String message) {
        long users = count("SELECT count(*) FROM users");
        as(cookie).body(body).post(path).then().statusCode(400).body("ok", equalTo(false)).body("error", equalTo(message));
        assertEquals(users, count("SELECT count(*) FROM users"));
    }

    @Test
    void unicodeNamesAreKeptExactly() {
        String name = "Zoë Ørsted 山田 🚀";
        given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", "zoe@example.com", "password", "pässwörd-ünïcode"))
                .post("/api/pmos/auth/signup").then().statusCode(200).body("user.name", equalTo(name));
        given().contentType(ContentType.JSON).body(Map.of("email", "zoe@example.com", "password", "pässwörd-ünïcode"))
                .post("/api/pmos/auth/login").then().statusCode(200).body("user.name", equalTo(name));
    }

    @Test
    void controlCharactersInNamesAreRefused() {
        as(cookie).body(Map.of("name", "Evil\u0007Name", "email", "evil@example.com", "password", "password123"))
                .post("/api/pmos/auth/signup").then().statusCode(400)
                .body("error", equalTo("Name must not contain control characters."));
        // NUL cannot be stored at all: the JSON parser refuses it before the name rules run (issue 8 §7).
        as(cookie).body(Map.of("name", "Evil\u0000Name", "email", "evil@example.com", "password", "password123"))
                .post("/api/pmos/auth/signup").then().statusCode(400)
                .body("error", equalTo("Field 'name' contains a NUL character (\\u0000), which cannot be stored. "
                        + "Remove it and try again."));
    }

    @Test
    void wrongMethodIs405InJson() {
        given().get("/api/pmos/auth/signup").then().statusCode(405).body("ok", equalTo(false))
                .body("error", not(emptyOrNullString()));
        given().delete("/api/pmos/auth/login").then().statusCode(405).body("ok", equalTo(false));
        as(cookie).put("/api/pmos/shell/exec").then().statusCode(405).body("ok", equalTo(false));
    }

    @Test
    void nonJsonContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("name=x").post("/api/pmos/auth/login").then().statusCode(415)
                .body("ok", equalTo(false));
    }

    @Test
    void unknownApiPathIsAJson404() {
        given().get("/api/pmos/does-not-exist").then().statusCode(404).body("ok", equalTo(false));
    }

    @Test
    void badQueryNumbersAre400() {
        as(cookie).get("/api/pmos/audit?limit=lots").then().statusCode(400)
                .body("error", equalTo("Query parameter 'limit' must be a whole number."));
        as(cookie).get("/api/pmos/admin/users?offset=-").then().statusCode(400);
    }
}
