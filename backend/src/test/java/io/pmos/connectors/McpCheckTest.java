package io.pmos.connectors;

import io.pmos.TestSupport;
import io.pmos.mcp.ReferenceMcpServer;
import io.pmos.testing.FakeBcgpt;
import io.pmos.testing.MisbehavingServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The BCGPT (MCP) step against the real reference MCP server, a BCGPT-like server, and broken endpoints. */
@QuarkusTest
class McpCheckTest {

    private static FakeBcgpt bcgpt;
    private static MisbehavingServer bad;
    private String admin;

    @BeforeAll
    static void start() throws Exception {
        bcgpt = new FakeBcgpt();
        bad = new MisbehavingServer();
    }

    @AfterAll
    static void stop() {
        bcgpt.close();
        bad.close();
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    private ValidatableResponse test(Map<String, Object> connection) {
        as(admin).body(Map.of("mcp", List.of(connection))).put("/api/pmos/connectors").then().statusCode(200);
        return as(admin).body(Map.of("connector", "mcp:bcgpt")).post("/api/pmos/connectors/test").then().statusCode(200);
    }

    private static Map<String, Object> header(String url, String key, String identity) {
        Map<String, Object> m = new HashMap<>(Map.of("name", "bcgpt", "url", url, "authMode", "header",
                "headerName", "x-bcgpt-api-key", "secret", key));
        if (identity != null) {
            m.put("identityTool", identity);
        }
        return m;
    }

    @Test
    void localReferenceServerPassesWithServerDetails() {
        test(Map.of("name", "bcgpt", "preset", "local"))
                .body("results[0].connector", equalTo("mcp:bcgpt"))
                .body("results[0].ok", equalTo(true)).body("results[0].reachable", equalTo(true))
                .body("results[0].status", equalTo("passed"))
                .body("results[0].details.serverName", notNullValue())
                .body("results[0].details.protocolVersion", notNullValue())
                .body("results[0].details.toolCount", greaterThan(5));
        as(admin).get("/api/pmos/onboarding").then().body("steps[1].status", equalTo("passed"));
    }

    @Test
    void identityToolProvesTheKey() {
        test(header(bcgpt.url("/mcp"), FakeBcgpt.GOOD_KEY, "whoami"))
                .body("results[0].ok", equalTo(true)).body("results[0].authOk", equalTo(true))
                .body("results[0].status", equalTo("passed"))
                .body("results[0].details.keyVerified", equalTo(true))
                .body("results[0].details.health", equalTo("ok"))
                .body("results[0].details.serverName", equalTo("bcgpt"))
                .body("results[0].details.toolCount", equalTo(3))
                .body("results[0].details.identity", containsString("Ada Admin"));
    }

    @Test
    void toolsListedButIdentityRefusedIsAFailure() {
        test(header(bcgpt.url("/mcp"), "bcgpt-wrong-key-00000000000", "whoami"))
                .body("results[0].ok", equalTo(false)).body("results[0].reachable", equalTo(true))
                .body("results[0].authOk", equalTo(false))
                .body("results[0].details.toolCount", equalTo(3))
                .body("results[0].error.code", equalTo("MCP_IDENTITY_FAILED"))
                .body("results[0].error.fix", containsString("listing tools does not check the key"))
                .body(not(containsString("bcgpt-wrong-key")));
        test(header(bcgpt.url("/mcp"), FakeBcgpt.GOOD_KEY, "no_such_tool"))
                .body("results[0].error.code", equalTo("MCP_IDENTITY_TOOL_MISSING"))
                .body("results[0].error.message", containsString("whoami"));
    }

    /** Issue 8 §9: a wrong x-bcgpt-api-key with the identity tool left blank used to pass. */
    @Test
    void aWrongKeyWithoutIdentityToolIsConnectedKeyNotVerified_neverPassed() {
        test(header(bcgpt.url("/mcp"), "bcgpt-wrong-key-00000000000", null))
                .body("results[0].status", equalTo("unverified"))
                .body("results[0].authOk", equalTo(false))
                .body("results[0].details.keyVerified", equalTo(false))
                .body("results[0].details.identityCandidates", equalTo(List.of("whoami")))
                .body("results[0].details.identity", containsString("try whoami"));
        as(admin).get("/api/pmos/onboarding").then().body("steps[1].status", equalTo("unverified"));
        String viewer = TestSupport.invited(admin, "v@example.com", "viewer");
        as(viewer).get("/api/pmos/connectors").then().body("status[0].passed", equalTo(false))
                .body("status[0].state", equalTo("unverified"));
        String audit = (String) TestSupport.scalar("SELECT detail::text FROM audit_events WHERE action = 'connector.test'");
        org.junit.jupiter.api.Assertions.assertTrue(audit.contains("unverified") && !audit.contains("passed"), audit);
        test(header(bcgpt.url("/mcp"), "bcgpt-wrong-key-00000000000", "whoami"))
                .body("results[0].status", equalTo("failed"))
                .body("results[0].error.code", equalTo("MCP_IDENTITY_FAILED"));
    }

    @Test
    void bcgptMustAlsoAnswerItsHealthCheck() {
        bcgpt.health = 503;
        try {
            test(header(bcgpt.url("/mcp"), FakeBcgpt.GOOD_KEY, "whoami"))
                    .body("results[0].ok", equalTo(false))
                    .body("results[0].error.code", equalTo("MCP_HEALTH_FAILED"))
                    .body("results[0].error.message", containsString(bcgpt.url("/health")))
                    .body("results[0].error.fix", containsString("/health"))
                    .body("results[0].details.health", equalTo("HTTP 503"));
        } finally {
            bcgpt.health = 200;
        }
        test(header(bcgpt.url("/mcp"), FakeBcgpt.GOOD_KEY, "whoami")).body("results[0].status", equalTo("passed"));
    }

    @Test
    void endpointProblemsHaveTheirOwnCodes() throws Exception {
        test(header(bcgpt.url("/wrong/path"), FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_ENDPOINT_NOT_FOUND"));
        test(header(bcgpt.url("/strict/mcp"), FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_NOT_ACCEPTABLE"));
        test(header(bcgpt.url("/html/mcp"), FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_BAD_RESPONSE"));
        test(header("http://127.0.0.1:1/mcp", FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_CONNECTION_REFUSED"));
        test(header(bad.url("/slow/mcp"), FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_TIMEOUT"));
        test(header("https://127.0.0.1:" + bad.port() + "/mcp", FakeBcgpt.GOOD_KEY, null))
                .body("results[0].error.code", equalTo("MCP_TLS_FAILED"));
        try (ReferenceMcpServer old = ReferenceMcpServer.start(ReferenceMcpServer.Transport.SSE)) {
            test(Map.of("name", "bcgpt", "url", old.url(), "authMode", "none"))
                    .body("results[0].error.code", equalTo("MCP_OLD_TRANSPORT"));
        }
    }

    @Test
    void aKeyIsRequiredUnlessTheServerNeedsNone() {
        test(Map.of("name", "bcgpt", "url", bcgpt.url("/mcp"), "authMode", "bearer"))
                .body("results[0].error.code", equalTo("MCP_NOT_CONFIGURED"));
    }
}
