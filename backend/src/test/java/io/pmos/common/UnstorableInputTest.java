package io.pmos.common;

import io.pmos.TestSupport;
import io.pmos.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §7: a duplicated JSON key and text PostgreSQL cannot store (NUL, half a surrogate pair) are refused at
 * the input boundary with 400 and a sentence naming the field; before, they gave 500 (an empty body, or SQLSTATE
 * 22021/22P05 from the database).
 */
@QuarkusTest
class UnstorableInputTest {

    private static final String BOGUS_ID = "00000000-0000-0000-0000-000000000000";

    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Root User", "root@example.com");
    }

    /** The review's 15 routes answered 500: a record whose creator parameters are all set has no setter for a repeat. */
    @Test
    void aDuplicatedKeyIsRefusedOnEveryRouteWithABody() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (LogCapture log = LogCapture.install()) {
            for (BodyRoutes.Route route : BodyRoutes.scan(false)) {
                Class<?> body = route.bodyClass();
                if (body == null || !body.isRecord()) {
                    continue;
                }
                RecordComponent first = body.getRecordComponents()[0];
                String value = first.getType() == String.class ? "\"a\"" : first.getType() == Boolean.class ? "true" : "null";
                String json = "{\"" + first.getName() + "\":" + value + ",\"" + first.getName() + "\":" + value + "}";
                Response r = as(admin).body(json).request(route.method(), route.path().replaceAll("\\{[^}]+}", BOGUS_ID));
                String expected = "Field '" + first.getName() + "' appears twice.";
                if (r.statusCode() != 400 || !expected.equals(r.jsonPath().getString("error"))) {
                    wrong.add(route + " -> " + r.statusCode() + " " + r.asString());
                }
                checked++;
            }
            assertFalse(log.text().contains("Unexpected failure"), log.text());
        }
        assertTrue(checked >= 15, "expected the review's 15 routes at least, found " + checked);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aDuplicatedKeyInsideANestedObjectIsNamedWithItsPath() {
        Response r = as(admin).body("{\"ai\":{\"provider\":\"openai\",\"provider\":\"builtin\"}}").put("/api/pmos/connectors");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("Field 'ai.provider' appears twice.", r.jsonPath().getString("error"));
    }

    @Test
    void aNulInAnEmailIsRefusedAndNamesTheField() {
        for (String path : List.of("/api/pmos/auth/login", "/api/pmos/auth/signup")) {
            Response r = RestAssured.given().contentType(ContentType.JSON)
                    .body("{\"name\":\"Nul\",\"email\":\"root\\u0000@example.com\",\"password\":\"" + TestSupport.PASSWORD + "\"}")
                    .post(path);
            assertEquals(400, r.statusCode(), path + " " + r.asString());
            assertEquals("Field 'email' contains a NUL character (\\u0000), which cannot be stored. Remove it and try again.",
                    r.jsonPath().getString("error"));
        }
        assertEquals(1, count("SELECT count(*) FROM users"));
    }

    @Test
    void aNulInAChatTitleOrMessageIsRefusedAndNothingIsStored() {
        Response nulTitle = as(admin).body("{\"title\":\"Plan\\u0000\"}").post("/api/pmos/chat/conversations");
        assertEquals(400, nulTitle.statusCode(), nulTitle.asString());
        assertTrue(nulTitle.jsonPath().getString("error").startsWith("Field 'title' contains a NUL character"), nulTitle.asString());
        assertEquals(0, count("SELECT count(*) FROM conversations"));

        Response created = as(admin).body("{\"title\":\"Plan\"}").post("/api/pmos/chat/conversations");
        assertEquals(201, created.statusCode(), created.asString());
        String id = created.jsonPath().getString("conversation.id");
        Response nulText = as(admin).body("{\"text\":\"hello\\u0000world\"}").post("/api/pmos/chat/conversations/" + id + "/messages");
        assertEquals(400, nulText.statusCode(), nulText.asString());
        assertTrue(nulText.jsonPath().getString("error").startsWith("Field 'text' contains a NUL character"), nulText.asString());
        assertEquals(0, count("SELECT count(*) FROM chat_messages"));
    }

    /** jsonb refuses half a surrogate pair; a free-form map is checked at every depth and in keys as well. */
    @Test
    void halfASurrogatePairOrANulDeepInsideAFreeFormObjectIsRefused() {
        Response value = as(admin).body("{\"payload\":{\"rows\":[{\"name\":\"x\\ud83d\"}]}}")
                .post("/api/pmos/flows/" + BOGUS_ID + "/runs");
        assertEquals(400, value.statusCode(), value.asString());
        assertEquals("Field 'payload.rows.[0].name' contains half of a UTF-16 surrogate pair (a broken emoji), which "
                + "cannot be stored. Remove it and try again.", value.jsonPath().getString("error"));

        Response key = as(admin).body("{\"payload\":{\"a\\u0000b\":1}}").post("/api/pmos/flows/" + BOGUS_ID + "/runs");
        assertEquals(400, key.statusCode(), key.asString());
        assertEquals("A field name inside 'payload' contains a NUL character (\\u0000), which cannot be stored. Remove "
                + "it and try again.", key.jsonPath().getString("error"));

        Response emoji = as(admin).body("{\"title\":\"Plan \\ud83d\\ude80 \\u05e9\\u05dc\\u05d5\\u05dd e\\u0301\"}")
                .post("/api/pmos/chat/conversations");
        assertEquals(201, emoji.statusCode(), "whole emoji, RTL and combining marks are fine: " + emoji.asString());
    }

    /** Text that reaches the database without passing the JSON parser (here a path segment) meets the backstop. */
    @Test
    void aNulThatReachesTheDatabaseIsAPlainFourHundredWithoutSql() {
        try (LogCapture log = LogCapture.install()) {
            Response r = RestAssured.given().contentType(ContentType.JSON)
                    .body("{\"name\":\"Zed Zero\",\"password\":\"" + TestSupport.PASSWORD + "\"}")
                    .urlEncodingEnabled(false)
                    .post("/api/pmos/auth/invitations/abc%00def/accept");
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, r.asString());
            assertFalse(r.asString().contains("22021") || r.asString().toLowerCase().contains("sql"), r.asString());
            assertFalse(log.text().contains("Unexpected failure"), log.text());
        }
    }

    /** The user agent is stored with the session and the audit entry: a NUL in it must not reach PostgreSQL. */
    @Test
    void aNulInTheUserAgentOfASignInIsNotAServerError() throws Exception {
        String body = "{\"email\":\"root@example.com\",\"password\":\"" + TestSupport.PASSWORD + "\"}";
        java.net.URI base = java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        try (LogCapture log = LogCapture.install();
             java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            String request = "POST /api/pmos/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "User-Agent: evil\u0000agent\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(answer.substring(9, 12));
            assertTrue(status < 500, answer);
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void theMapperAnswersUnstorableTextSqlStatesWithAPlainSentence() {
        for (String state : List.of("22021", "22P05")) {
            PgException pg = new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", state, null);
            jakarta.ws.rs.core.Response r = new ErrorMappers(null, null).unexpected(new RuntimeException("wrapped", pg));
            assertEquals(400, r.getStatus());
            ErrorBody body = (ErrorBody) r.getEntity();
            assertTrue(body.error().startsWith("The request contains a character that cannot be stored"), body.error());
            assertFalse(body.error().contains("UTF8") || body.error().contains(state), body.error());
        }
    }
}
