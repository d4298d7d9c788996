package io.pmos.connectors;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class ConnectorsResourceTest {

    static final String FP_KEY = "sk-flowpieces-secret-7777wxyz";
    static final String MCP_KEY = "bcgpt-key-secret-5555mnop";

    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    private Response put(Object body) {
        return as(admin).body(body).put("/api/pmos/connectors");
    }

    private static Map<String, Object> flowPieces(String url, String secret) {
        return secret == null
                ? Map.of("url", url, "authMode", "api_key", "projectId", "proj_123")
                : Map.of("url", url, "authMode", "api_key", "projectId", "proj_123", "secret", secret);
    }

    @Test
    void secretsAreWriteOnlyAndShownAsMasks() {
        put(Map.of("flowPieces", flowPieces("https://flow.example.com/", FP_KEY),
                "mcp", List.of(Map.of("name", "bcgpt", "url", "https://bcgpt.example.com/mcp", "authMode", "header",
                        "headerName", "x-bcgpt-api-key", "identityTool", "whoami", "secret", MCP_KEY))))
                .then().statusCode(200)
                .body(not(containsString(FP_KEY))).body(not(containsString(MCP_KEY)))
                .body("flowPieces.url", equalTo("https://flow.example.com"))
                .body("flowPieces.secret.set", equalTo(true))
                .body("flowPieces.secret.mask", equalTo("••••wxyz"))
                .body("mcp[0].secret.mask", equalTo("••••mnop"))
                .body("mcp[0].headerName", equalTo("x-bcgpt-api-key"));
        String stored = (String) TestSupport.scalar("SELECT string_agg(c::text, ' ') FROM connectors c");
        assertFalse(stored.contains(FP_KEY), "no secret in clear in the database");
        assertFalse(stored.contains(MCP_KEY), "no secret in clear in the database");
    }

    @Test
    void changingSettingsWithoutTheSecretKeepsIt_aNewAddressNeedsItAgain_emptyStringClearsIt() {
        put(Map.of("flowPieces", flowPieces("https://flow.example.com", FP_KEY))).then().statusCode(200);
        String before = (String) TestSupport.scalar("SELECT secret_ciphertext FROM connectors");
        put(Map.of("flowPieces", Map.of("url", "https://flow.example.com/", "authMode", "api_key", "projectId", "proj_456")))
                .then().statusCode(200)
                .body("flowPieces.projectId", equalTo("proj_456"))
                .body("flowPieces.secret.mask", equalTo("••••wxyz"));
        assertEquals(before, TestSupport.scalar("SELECT secret_ciphertext FROM connectors"));
        put(Map.of("flowPieces", flowPieces("https://flow2.example.com", null))).then().statusCode(400)
                .body("error", containsString("enter the key again"));
        put(Map.of("flowPieces", flowPieces("https://flow2.example.com", FP_KEY))).then().statusCode(200)
                .body("flowPieces.url", equalTo("https://flow2.example.com"))
                .body("flowPieces.secret.mask", equalTo("••••wxyz"));
        put(Map.of("flowPieces", flowPieces("https://flow2.example.com", ""))).then().statusCode(200)
                .body("flowPieces.secret.set", equalTo(false));
        assertEquals(0, count("SELECT count(*) FROM connectors WHERE secret_ciphertext IS NOT NULL"));
    }

    @Test
    void changesAreAuditedWithoutSecrets() {
        put(Map.of("flowPieces", flowPieces("https://flow.example.com", FP_KEY))).then().statusCode(200);
        put(Map.of("flowPieces", flowPieces("https://flow.example.com", "sk-another-secret-9999"))).then().statusCode(200);
        String audit = (String) TestSupport.scalar(
                "SELECT string_agg(detail::text, ' ') FROM audit_events WHERE action = 'connector.update'");
        assertFalse(audit.contains(FP_KEY));
        assertFalse(audit.contains("sk-another-secret-9999"));
        org.junit.jupiter.api.Assertions.assertTrue(audit.contains("secret replaced"), audit);
    }

    @Test
    void mcpListReplacesAndRemoves() {
        put(Map.of("mcp", List.of(
                Map.of("name", "bcgpt", "url", "https://a.example.com/mcp", "authMode", "bearer", "secret", MCP_KEY),
                Map.of("name", "other", "url", "https://b.example.com/mcp", "authMode", "none"))))
                .then().statusCode(200).body("mcp", hasSize(2));
        put(Map.of("mcp", List.of(Map.of("name", "bcgpt", "url", "https://a.example.com/mcp", "authMode", "bearer"))))
                .then().statusCode(200).body("mcp", hasSize(1)).body("mcp[0].secret.mask", equalTo("••••mnop"));
    }

    @Test
    void badSettingsAreRefusedInPlainWordsAndNothingIsWritten() {
        Map<Object, String> cases = Map.of(
                Map.of("flowPieces", Map.of("url", "ftp://x.example.com", "authMode", "api_key", "projectId", "p")),
                "Field 'url' must be an http:// or https:// address with a host name.",
                Map.of("flowPieces", Map.of("url", "https://x.example.com", "authMode", "magic", "projectId", "p")),
                "Field 'authMode' must be one of api_key, password.",
                Map.of("flowPieces", Map.of("url", "https://x.example.com", "authMode", "api_key")),
                "Field 'projectId' is required with an API key: copy it from the Flow Pieces address bar (…/projects/<id>/…).",
                Map.of("flowPieces", Map.of("url", "https://user:pw@x.example.com", "authMode", "api_key", "projectId", "p")),
                "Field 'url' must not carry credentials, a query or a fragment: put keys in the secret field.",
                Map.of("mcp", List.of(Map.of("name", "Bad Name", "url", "https://x.example.com/mcp", "authMode", "none"))),
                "An MCP connection name must start with a lowercase letter and hold up to 40 lowercase letters, digits, '-' or '_' (e.g. bcgpt).",
                Map.of("mcp", List.of(Map.of("name", "bcgpt", "url", "https://x.example.com/mcp", "authMode", "header", "headerName", "Host"))),
                "The header 'Host' is used by the protocol itself; pick another name.",
                Map.of("ai", Map.of("provider", "skynet")),
                "Field 'provider' must be one of openai, anthropic, gemini, ollama, openai_compatible, builtin.",
                Map.of("ai", Map.of("provider", "openai")),
                "Field 'model' is required for openai (e.g. gpt-4o-mini).",
                Map.of("ai", Map.of("provider", "openai_compatible", "model", "m")),
                "Field 'baseUrl' is required: the address of the service, like https://host.example.com.",
                Map.of("flowPieces", Map.of("preset", "remote")),
                "Field 'preset' may only be 'local'.");
        cases.forEach((body, message) -> put(body).then().statusCode(400).body("ok", equalTo(false))
                .body("error", equalTo(message)));
        put(Map.of("flowPieces", Map.of("url", "https://x.example.com", "authMode", "api_key", "projectId", "p",
                "apiKey", "x"))).then().statusCode(400).body("error", containsString("Unknown field 'apiKey'"));
        assertEquals(0, count("SELECT count(*) FROM connectors"));
    }

    @Test
    void membersSeeStatusOnlyAndCannotChangeOrTest() {
        put(Map.of("flowPieces", flowPieces("https://flow.example.com", FP_KEY))).then().statusCode(200);
        String member = TestSupport.invited(admin, "m@example.com", "member");
        String viewer = TestSupport.invited(admin, "v@example.com", "viewer");
        for (String who : List.of(member, viewer)) {
            as(who).get("/api/pmos/connectors").then().statusCode(200)
                    .body("canEdit", equalTo(false)).body("flowPieces", nullValue())
                    .body("status[0].connector", equalTo("flowPieces")).body("status[0].configured", equalTo(true))
                    .body(not(containsString("flow.example.com"))).body(not(containsString("••••")));
            as(who).body(Map.of("flowPieces", flowPieces("https://evil.example.com", null)))
                    .put("/api/pmos/connectors").then().statusCode(403);
            as(who).body(Map.of()).post("/api/pmos/connectors/test").then().statusCode(403);
            as(who).get("/api/pmos/onboarding").then().statusCode(200);
        }
    }

    @Test
    void anotherWorkspaceNeverSeesOrTouchesTheseConnectors() {
        put(Map.of("flowPieces", flowPieces("https://flow.example.com", FP_KEY))).then().statusCode(200);
        String other = TestSupport.signupCookie("Bert Other", "bert@example.com");
        as(other).get("/api/pmos/connectors").then().statusCode(200).body("flowPieces", nullValue())
                .body("mcp", hasSize(0));
        as(other).body(Map.of("flowPieces", flowPieces("https://mine.example.com", "sk-bert-secret-00001111")))
                .put("/api/pmos/connectors").then().statusCode(200);
        as(admin).get("/api/pmos/connectors").then().body("flowPieces.url", equalTo("https://flow.example.com"))
                .body("flowPieces.secret.mask", equalTo("••••wxyz"));
        assertEquals(2, count("SELECT count(*) FROM connectors"));
    }

    @Test
    void onboardingStartsAtFlowPiecesWithNothingPassed() {
        as(admin).get("/api/pmos/onboarding").then().statusCode(200)
                .body("current", equalTo("flowPieces")).body("completed", equalTo(0)).body("total", equalTo(4))
                .body("ready", equalTo(false)).body("steps.id", equalTo(List.of("flowPieces", "mcp", "ai", "ready")));
    }

    @Test
    void testingUnconfiguredConnectorsSaysWhatToSetUp() {
        as(admin).body(Map.of()).post("/api/pmos/connectors/test").then().statusCode(200)
                .body("results", hasSize(3))
                .body("results.find { it.connector == 'flowPieces' }.error.code", equalTo("FLOW_PIECES_NOT_CONFIGURED"))
                .body("results.find { it.connector == 'mcp' }.error.code", equalTo("MCP_NOT_CONFIGURED"))
                .body("results.find { it.connector == 'ai' }.error.code", equalTo("AI_NOT_CONFIGURED"))
                .body("results.find { it.connector == 'ai' }.configured", equalTo(false));
        as(admin).body(Map.of("connector", "nope")).post("/api/pmos/connectors/test").then().statusCode(400);
        as(admin).body(Map.of("connector", "mcp:ghost")).post("/api/pmos/connectors/test").then().statusCode(404);
    }
}
