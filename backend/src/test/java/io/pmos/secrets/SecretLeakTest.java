package io.pmos.secrets;

import io.pmos.TestSupport;
import io.pmos.testing.FakeAiProviders;
import io.pmos.testing.FakeBcgpt;
import io.pmos.testing.LocalFlowPieces;
import io.pmos.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stores a secret in every connector, exercises every endpoint (including failing tests that echo server errors),
 * and checks that no secret text reaches a response body, a log line or any database column in clear.
 */
@QuarkusTest
class SecretLeakTest {

    @Test
    void secretsAppearOnlyAsMasks() throws Exception {
        TestSupport.resetDatabase();
        String fpPassword = LocalFlowPieces.USER_PASSWORD;
        String aiKey = "sk-wrong-ai-key-that-must-not-leak-4242";
        String badMcpKey = "bcgpt-wrong-key-that-must-not-leak-1717";
        List<String> secrets = List.of(fpPassword, aiKey, badMcpKey, FakeBcgpt.GOOD_KEY);
        List<String> bodies = new ArrayList<>();
        try (LogCapture logs = LogCapture.install(); FakeBcgpt bcgpt = new FakeBcgpt(); FakeAiProviders ai = new FakeAiProviders()) {
            String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
            String member = TestSupport.invited(admin, "m@example.com", "member");
            Response put = as(admin).body(Map.of(
                    "flowPieces", Map.of("url", LocalFlowPieces.url(), "authMode", "password",
                            "email", LocalFlowPieces.USER_EMAIL, "secret", fpPassword),
                    "mcp", List.of(
                            Map.of("name", "bcgpt", "url", bcgpt.url("/mcp"), "authMode", "header",
                                    "headerName", "x-bcgpt-api-key", "identityTool", "whoami", "secret", FakeBcgpt.GOOD_KEY),
                            Map.of("name", "wrong", "url", bcgpt.url("/mcp"), "authMode", "bearer",
                                    "identityTool", "whoami", "secret", badMcpKey)),
                    "ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "baseUrl", ai.url("/openai/v1"),
                            "secret", aiKey))).put("/api/pmos/connectors");
            assertEquals(200, put.statusCode(), put.asString());
            bodies.add(put.asString());
            Response tested = as(admin).body(Map.of()).post("/api/pmos/connectors/test");
            assertEquals(200, tested.statusCode());
            bodies.add(tested.asString());
            assertTrue(tested.asString().contains("AI_KEY_INVALID"), "the failing checks ran: " + tested.asString());
            for (String path : List.of("/api/pmos/connectors", "/api/pmos/onboarding", "/api/pmos/audit?limit=200",
                    "/api/pmos/admin/users", "/api/pmos/admin/workspaces", "/api/pmos/auth/me",
                    "/api/pmos/workspace/members")) {
                bodies.add(as(admin).get(path).asString());
                bodies.add(as(member).get(path).asString());
            }
            bodies.add(as(admin).body(Map.of("connector", "mcp:wrong")).post("/api/pmos/connectors/test").asString());
            bodies.add(as(admin).body(Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "secret", "   ")))
                    .put("/api/pmos/connectors").asString());
            String logText = logs.text();
            String database = dump();
            assertTrue(logs.size() > 0, "logs were captured");
            for (String secret : secrets) {
                for (String body : bodies) {
                    assertFalse(body.contains(secret), "a response body holds a secret: " + body);
                }
                assertFalse(logText.contains(secret), "a log line holds a secret");
                assertFalse(database.contains(secret), "the database holds a secret in clear");
            }
        }
    }

    /** Every row of every application table, as text. */
    private static String dump() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("workspaces", "users", "memberships", "sessions", "invitations", "audit_events",
                "login_attempts", "instance_settings", "connectors")) {
            Object rows = TestSupport.scalar("SELECT string_agg(t::text, ' ') FROM " + table + " t");
            all.append(rows).append('\n');
        }
        return all.toString();
    }
}
