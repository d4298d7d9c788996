package io.pmos.common;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The review's CSRF replays: a page of another site makes the signed-in browser send state-changing requests that need
 * no JSON (a bodyless POST, text/plain), which HTML forms and fetch(no-cors) can do. Each is refused before it acts;
 * the same request from PMOS's own page, and from a client that sends no Origin, still works.
 */
@QuarkusTest
class CrossSiteRequestTest {

    static final String EVIL = "http://evil.example";

    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    /** The origin of the page PMOS serves (RestAssured talks to http://localhost:port). */
    static String self() {
        return "http://localhost:" + RestAssured.port;
    }

    /**
     * A browser request carrying the session cookie, as evil.example's fetch(url, {method: "POST", mode: "no-cors",
     * credentials: "include"}) sends it: no body and no Content-Type unless a test adds one.
     */
    private RequestSpecification browser(String cookie, String origin) {
        RequestSpecification spec = RestAssured.given().noContentType().cookie("pmos_session", cookie);
        return origin == null ? spec : spec.header("Origin", origin);
    }

    /** Refused with the app's one error shape, and nothing of the handler ran. */
    static void assertRefused(Response r) {
        r.then().statusCode(403).contentType("application/json")
                .body("ok", equalTo(false))
                .body("code", equalTo("CROSS_SITE_REQUEST"))
                .body("error", not(emptyOrNullString()));
        assertEquals(Set.of("ok", "error", "code"), r.jsonPath().getMap("$").keySet());
    }

    @Test
    void aBodylessTestRunFromAnotherSiteIsRefused() {
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        String flow = as(admin).body(Map.of("displayName", "Target")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
        String webhook = "@activepieces/piece-webhook";
        String version = "~" + as(admin).get("/api/pmos/pieces/" + webhook).then().statusCode(200).extract().path("piece.version");
        as(admin).body(Map.of("type", "UPDATE_TRIGGER", "request", Map.of("name", "trigger", "type", "PIECE_TRIGGER",
                        "displayName", "Catch Webhook", "valid", false, "settings", Map.of("pieceName", webhook,
                                "pieceVersion", version, "triggerName", "catch_webhook", "input", Map.of("authType", "none"),
                                "propertySettings", Map.of()))))
                .post("/api/pmos/flows/" + flow + "/operations").then().statusCode(200);
        String runs = "/api/pmos/flows/" + flow + "/runs";

        assertRefused(browser(admin, EVIL).post(runs));
        assertRefused(browser(admin, "null").post(runs));
        assertRefused(browser(admin, null).header("Sec-Fetch-Site", "cross-site").post(runs));
        assertRefused(browser(admin, "http://localhost:" + (RestAssured.port + 1)).post(runs));

        String fromPmos = browser(admin, self()).header("Sec-Fetch-Site", "same-origin").post(runs)
                .then().statusCode(200).extract().path("runId");
        String fromScript = browser(admin, null).post(runs).then().statusCode(200).extract().path("runId");
        List<String> started = as(admin).get(runs).then().statusCode(200).extract().path("runs.id");
        assertEquals(Set.of(fromPmos, fromScript), new HashSet<>(started), "only the two allowed requests started a run");
    }

    @Test
    void aConnectorTestFromAnotherSiteIsRefused() {
        assertRefused(browser(admin, EVIL).post("/api/pmos/connectors/test"));
        assertRefused(browser(admin, "null").post("/api/pmos/connectors/test"));
        browser(admin, self()).post("/api/pmos/connectors/test").then().statusCode(200).body("ok", equalTo(true));
        browser(admin, null).post("/api/pmos/connectors/test").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void aLogoutFromAnotherSiteIsRefusedAndTheSessionStays() {
        Response refused = browser(admin, EVIL).post("/api/pmos/auth/logout");
        assertRefused(refused);
        assertNull(refused.header("Set-Cookie"), "the refusal must not clear the cookie either");
        as(admin).get("/api/pmos/auth/me").then().statusCode(200);

        browser(admin, self()).post("/api/pmos/auth/logout").then().statusCode(200);
        as(admin).get("/api/pmos/auth/me").then().statusCode(401);

        String other = TestSupport.signupCookie("Bert", TestSupport.uniqueEmail("bert"));
        browser(other, null).post("/api/pmos/auth/logout").then().statusCode(200);
        as(other).get("/api/pmos/auth/me").then().statusCode(401);
    }

    @Test
    void aTextPlainConversationFromAnotherSiteIsRefused() {
        String body = "{\"title\":\"Planted by evil.example\"}";
        assertRefused(browser(admin, EVIL).contentType("text/plain").body(body).post("/api/pmos/chat/conversations"));
        assertRefused(browser(admin, null).header("Sec-Fetch-Site", "cross-site").contentType("text/plain").body(body)
                .post("/api/pmos/chat/conversations"));
        as(admin).get("/api/pmos/chat/conversations").then().statusCode(200).body("conversations.size()", equalTo(0));

        browser(admin, self()).contentType("text/plain").body(body).post("/api/pmos/chat/conversations").then().statusCode(201);
        browser(admin, null).contentType("text/plain").body(body).post("/api/pmos/chat/conversations").then().statusCode(201);
        as(admin).get("/api/pmos/chat/conversations").then().statusCode(200).body("conversations.size()", equalTo(2));
    }

    @Test
    void putPatchAndDeleteAreCheckedTooButReadsAreNot() {
        assertRefused(browser(admin, EVIL).contentType("application/json").body(Map.of("flowPieces", Map.of("preset", "local")))
                .put("/api/pmos/connectors"));
        assertRefused(browser(admin, EVIL).delete("/api/pmos/flows/x"));
        assertRefused(browser(admin, EVIL).patch("/api/pmos/workspace"));
        // a read from another site is answered, but without CORS headers its page cannot see the answer
        Response read = browser(admin, EVIL).get("/api/pmos/auth/me");
        assertEquals(200, read.statusCode());
        assertNull(read.header("Access-Control-Allow-Origin"));
        // the same site, spelled with the default port and another letter case, is the same origin
        browser(admin, "HTTP://LOCALHOST:" + RestAssured.port).post("/api/pmos/connectors/test").then().statusCode(200);
    }
}
