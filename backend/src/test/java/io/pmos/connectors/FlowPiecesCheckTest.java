package io.pmos.connectors;

import io.pmos.TestSupport;
import io.pmos.testing.LocalFlowPieces;
import io.pmos.testing.MisbehavingServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/** The Flow Pieces step: against the local Flow Pieces (real HTTP server) and against servers that misbehave. */
@QuarkusTest
class FlowPiecesCheckTest {

    private static MisbehavingServer bad;
    private String admin;

    @BeforeAll
    static void start() throws Exception {
        bad = new MisbehavingServer();
    }

    @AfterAll
    static void stop() {
        bad.close();
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    private ValidatableResponse test(Map<String, Object> flowPieces) {
        as(admin).body(Map.of("flowPieces", flowPieces)).put("/api/pmos/connectors").then().statusCode(200);
        return as(admin).body(Map.of("connector", "flowPieces")).post("/api/pmos/connectors/test").then().statusCode(200);
    }

    private static Map<String, Object> apiKey(String url, String key, String project) {
        Map<String, Object> m = new HashMap<>(Map.of("url", url, "authMode", "api_key", "projectId", project));
        if (key != null) {
            m.put("secret", key);
        }
        return m;
    }

    @Test
    void localPresetPassesWithEditionVersionProjectAndFlowCount() {
        test(Map.of("preset", "local"))
                .body("results[0].ok", equalTo(true)).body("results[0].configured", equalTo(true))
                .body("results[0].reachable", equalTo(true)).body("results[0].authOk", equalTo(true))
                .body("results[0].details.edition", equalTo("ce"))
                .body("results[0].details.version", notNullValue())
                .body("results[0].details.projectId", notNullValue())
                .body("results[0].details.flowCount", greaterThanOrEqualTo(0))
                .body("results[0].latencyMs", notNullValue());
        as(admin).get("/api/pmos/onboarding").then().body("steps[0].status", equalTo("passed"))
                .body("current", equalTo("mcp")).body("completed", equalTo(1));
    }

    @Test
    void emailAndPasswordSignInAndTakeTheAccountsProject() {
        test(Map.of("url", LocalFlowPieces.url(), "authMode", "password", "email", LocalFlowPieces.USER_EMAIL,
                "secret", LocalFlowPieces.USER_PASSWORD))
                .body("results[0].ok", equalTo(true))
                .body("results[0].details.projectId", equalTo(LocalFlowPieces.PROJECT_ID));
        test(Map.of("url", LocalFlowPieces.url(), "authMode", "password", "email", LocalFlowPieces.USER_EMAIL,
                "secret", "not-the-password"))
                .body("results[0].ok", equalTo(false)).body("results[0].reachable", equalTo(true))
                .body("results[0].error.code", equalTo("FLOW_PIECES_AUTH_FAILED"));
    }

    @Test
    void wrongKeyIsAuthFailedWithAFix() {
        test(apiKey(LocalFlowPieces.url(), "sk-wrong-key-000000000000", LocalFlowPieces.PROJECT_ID))
                .body("results[0].ok", equalTo(false)).body("results[0].reachable", equalTo(true))
                .body("results[0].authOk", equalTo(false))
                .body("results[0].error.code", equalTo("FLOW_PIECES_AUTH_FAILED"))
                .body("results[0].error.message", notNullValue())
                .body("results[0].error.fix", notNullValue());
        as(admin).get("/api/pmos/onboarding").then().body("steps[0].status", equalTo("failed"))
                .body("steps[0].error.code", equalTo("FLOW_PIECES_AUTH_FAILED"));
    }

    @Test
    void unknownProjectIsProjectNotFound() {
        test(Map.of("url", LocalFlowPieces.url(), "authMode", "password", "email", LocalFlowPieces.USER_EMAIL,
                "secret", LocalFlowPieces.USER_PASSWORD, "projectId", "noSuchProject0000000x"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_PROJECT_NOT_FOUND"));
    }

    @Test
    void theLocalPlatformKeyIsNeverAcceptedFromAWorkspace() {
        as(admin).body(Map.of("flowPieces", apiKey(LocalFlowPieces.url(), LocalFlowPieces.API_KEY, LocalFlowPieces.PROJECT_ID)))
                .put("/api/pmos/connectors").then().statusCode(400)
                .body("error", equalTo("This key is the server's own key for the local Flow Pieces; a workspace cannot "
                        + "use it. Pick the local Flow Pieces instead, or enter a key of your own Flow Pieces."));
        as(admin).body(Map.of("ai", Map.of("provider", "openai", "model", "m", "secret", LocalFlowPieces.API_KEY)))
                .put("/api/pmos/connectors").then().statusCode(400);
        org.junit.jupiter.api.Assertions.assertEquals(0, TestSupport.count("SELECT count(*) FROM connectors"));
    }

    @Test
    void networkFailuresEachHaveTheirOwnCode() {
        test(apiKey("http://127.0.0.1:1", "k-0000000000000000", "p")).body("results[0].reachable", equalTo(false))
                .body("results[0].error.code", equalTo("FLOW_PIECES_CONNECTION_REFUSED"));
        test(apiKey("https://127.0.0.1:" + bad.port(), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_TLS_FAILED"));
        test(apiKey(bad.url("/slow"), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_TIMEOUT"));
        test(apiKey("http://no-such-host.invalid", "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_HOST_NOT_FOUND"));
    }

    @Test
    void answersThatAreNotFlowPiecesAreCalledOut() {
        test(apiKey(bad.url("/html"), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_BAD_RESPONSE"));
        test(apiKey(bad.url("/truncated"), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_BAD_RESPONSE"));
        test(apiKey(bad.url("/other"), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_WRONG_SERVICE"));
        test(apiKey(bad.url("/nothing-here"), "k-0000000000000000", "p"))
                .body("results[0].error.code", equalTo("FLOW_PIECES_WRONG_SERVICE"));
    }
}
