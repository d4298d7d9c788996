package io.pmos.connectors;

import io.pmos.TestSupport;
import io.pmos.secrets.ConnectorSecrets;
import io.pmos.secrets.MasterKeyFile;
import io.pmos.secrets.SecretCipher;
import io.pmos.testing.FakeAiProviders;
import io.pmos.testing.FakeBcgpt;
import io.pmos.testing.LocalFlowPieces;
import io.pmos.testing.LogCapture;
import io.pmos.testing.RecordingListener;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §1 replayed: two self-signed-up workspaces on one instance; B tries to make PMOS send a stored key (the
 * local Flow Pieces key, an MCP key, an OpenAI key) to a listener of its own — by a PUT without the secret, or by
 * editing the row in the database — and to reach A's Flow Pieces project with its own local key. The listener is a
 * real socket; every attempt must leave it without a single request carrying a key.
 */
@QuarkusTest
class SecretExfiltrationTest {

    static final String MCP_KEY = FakeBcgpt.GOOD_KEY;
    static final String AI_KEY = FakeAiProviders.GOOD_KEY;

    private static FakeBcgpt bcgpt;
    private static FakeAiProviders ai;
    private RecordingListener listener;
    private String adminA;
    private String adminB;

    @BeforeAll
    static void startServers() throws Exception {
        bcgpt = new FakeBcgpt();
        ai = new FakeAiProviders();
    }

    @AfterAll
    static void stopServers() {
        bcgpt.close();
        ai.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        TestSupport.resetDatabase();
        adminA = TestSupport.signupCookie("Alice Admin", "alice@example.com");
        adminB = TestSupport.signupCookie("Bert Attacker", "bert@example.com");
        if (listener != null) {
            listener.close();
        }
        listener = new RecordingListener();
    }

    private static io.restassured.response.Response put(String who, Map<String, Object> body) {
        return as(who).body(body).put("/api/pmos/connectors");
    }

    private static io.restassured.response.ValidatableResponse testAll(String who) {
        return as(who).body(Map.of()).post("/api/pmos/connectors/test").then().statusCode(200);
    }

    /** Nothing reached the attacker's listener: not one request, so no header with any key. */
    private void assertListenerGotNothing(String... secrets) {
        String headers = listener.allHeaders();
        for (String s : secrets) {
            assertFalse(headers.contains(s), "a stored key reached the listener");
        }
        assertEquals(List.of(), listener.received(), "the listener received requests");
    }

    @Test
    void localPresetThenNewUrlWithoutSecret_isRefusedAndTheListenerGetsNothing() {
        try (LogCapture logs = LogCapture.install()) {
            replayTheReportedChain();
            assertFalse(logs.text().contains(LocalFlowPieces.API_KEY), "the platform key is in no log line");
        }
    }

    private void replayTheReportedChain() {
        put(adminB, Map.of("flowPieces", Map.of("preset", "local"))).then().statusCode(200)
                .body("flowPieces.secret.set", equalTo(true)).body("flowPieces.projectId", notNullValue());
        put(adminB, Map.of("flowPieces", Map.of("url", listener.url(""), "authMode", "api_key", "projectId", "x")))
                .then().statusCode(400).body("ok", equalTo(false))
                .body("error", equalTo(ConnectorService.LOCAL_LOCKED));
        testAll(adminB).body("results.find { it.connector == 'flowPieces' }.ok", equalTo(true));
        as(adminB).get("/api/pmos/connectors").then().body("flowPieces.url", equalTo(LocalFlowPieces.url()));
        assertListenerGotNothing(LocalFlowPieces.API_KEY);
        String everything = (String) TestSupport.scalar("SELECT concat_ws(' ', (SELECT string_agg(c::text, ' ') FROM connectors c),"
                + " (SELECT string_agg(a::text, ' ') FROM audit_events a))");
        assertFalse(everything.contains(LocalFlowPieces.API_KEY), "the platform key is in no row and no audit entry");
        String workspaceKey = storedSecret(adminB, "flow_pieces");
        assertNotEquals(LocalFlowPieces.API_KEY, workspaceKey, "the workspace holds its own project key");
    }

    @Test
    void aKeptSecretNeverFollowsAChangedFlowPiecesAddressOrSignInMethod() {
        put(adminB, Map.of("flowPieces", Map.of("url", bcgpt.url(""), "authMode", "api_key", "projectId", "p1",
                "secret", "sk-bert-own-key-000011112222"))).then().statusCode(200);
        for (Map<String, Object> moved : List.of(
                Map.<String, Object>of("url", listener.url(""), "authMode", "api_key", "projectId", "p1"),
                Map.<String, Object>of("url", bcgpt.url("").replace("http:", "https:"), "authMode", "api_key", "projectId", "p1"),
                Map.<String, Object>of("url", bcgpt.url(""), "authMode", "password", "email", "x@example.com"))) {
            put(adminB, Map.of("flowPieces", moved)).then().statusCode(400)
                    .body("error", equalTo("For Flow Pieces, the address or sign-in method changed: enter the key again "
                            + "— a saved key is only sent to the address it was entered for."));
        }
        put(adminB, Map.of("flowPieces", Map.of("url", bcgpt.url("/"), "authMode", "api_key", "projectId", "p2")))
                .then().statusCode(200);
        put(adminB, Map.of("flowPieces", Map.of("url", listener.url(""), "authMode", "api_key", "projectId", "p1",
                "secret", "sk-a-key-for-the-new-address-9999"))).then().statusCode(200);
    }

    @Test
    void theLocalProjectKeyOpensOneProjectOnly_evenWhenTheDatabaseRowPointsAtAnotherProject() throws Exception {
        put(adminA, Map.of("flowPieces", Map.of("preset", "local"))).then().statusCode(200);
        put(adminB, Map.of("flowPieces", Map.of("preset", "local"))).then().statusCode(200);
        String projectA = as(adminA).get("/api/pmos/connectors").then().extract().path("flowPieces.projectId");
        String projectB = as(adminB).get("/api/pmos/connectors").then().extract().path("flowPieces.projectId");
        String flowA = as(adminA).body(Map.of("displayName", "Alice's flow")).post("/api/pmos/flows").then()
                .statusCode(201).extract().path("flow.id");

        put(adminB, Map.of("flowPieces", Map.of("url", LocalFlowPieces.url(), "authMode", "api_key", "projectId", projectA)))
                .then().statusCode(400).body("error", equalTo(ConnectorService.LOCAL_LOCKED));

        String keyB = storedSecret(adminB, "flow_pieces");
        HttpResponse<String> projects = flowPieces("GET", "/api/v1/projects?limit=100", keyB);
        assertEquals(200, projects.statusCode());
        JsonArray listed = new JsonObject(projects.body()).getJsonArray("data");
        assertEquals(1, listed.size(), "B's key lists its own project only");
        assertEquals(projectB, listed.getJsonObject(0).getString("id"));
        assertEquals(404, flowPieces("GET", "/api/v1/flows?projectId=" + projectA, keyB).statusCode(),
                "to B's key, A's project is unknown");
        assertEquals(404, flowPieces("GET", "/api/v1/flows/" + flowA, keyB).statusCode());
        assertEquals(403, flowPieces("POST", "/api/v1/projects/" + projectA + "/api-keys", keyB).statusCode(),
                "B's key cannot make keys");

        UUID rowB = UUID.fromString(TestSupport.scalar("SELECT id FROM connectors WHERE workspace_id = '"
                + workspaceOf(adminB) + "' AND kind = 'flow_pieces'").toString());
        TestSupport.exec("UPDATE connectors SET config = jsonb_set(config, '{projectId}', '\"" + projectA + "\"') WHERE id = '" + rowB + "'");
        int listStatus = as(adminB).get("/api/pmos/flows").statusCode();
        assertNotEquals(200, listStatus, "B cannot list A's flows");
        as(adminB).get("/api/pmos/flows/" + flowA).then().statusCode(not(equalTo(200)));
        int renamed = as(adminB).body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", "Hijacked")))
                .post("/api/pmos/flows/" + flowA + "/operations").statusCode();
        assertNotEquals(200, renamed, "B cannot rename A's flow");
        as(adminA).get("/api/pmos/flows/" + flowA).then().statusCode(200)
                .body("flow.version.displayName", equalTo("Alice's flow"));
    }

    @Test
    void anMcpKeyNeverFollowsAChangedAddressPathHeaderOrMode() {
        Map<String, Object> good = mcp(bcgpt.url("/mcp"), "header", MCP_KEY);
        put(adminB, Map.of("mcp", List.of(good))).then().statusCode(200);
        for (Map<String, Object> moved : List.of(
                mcp(listener.url("/mcp"), "header", null),
                mcp(bcgpt.url("/other/mcp"), "header", null),
                withHeader(mcp(bcgpt.url("/mcp"), "header", null), "x-forwarded-key"),
                mcp(bcgpt.url("/mcp"), "bearer", null))) {
            put(adminB, Map.of("mcp", List.of(moved))).then().statusCode(400)
                    .body("error", equalTo("For MCP connection 'bcgpt', the address or sign-in method changed: enter the "
                            + "key again — a saved key is only sent to the address it was entered for."));
        }
        put(adminB, Map.of("mcp", List.of(mcp(bcgpt.url("/mcp/"), "header", null)))).then().statusCode(200);
        as(adminB).body(Map.of("connector", "mcp:bcgpt")).post("/api/pmos/connectors/test").then().statusCode(200)
                .body("results[0].ok", equalTo(true));
        assertListenerGotNothing(MCP_KEY);
    }

    @Test
    void anOpenAiKeyNeverFollowsAChangedBaseUrl() {
        put(adminB, Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "baseUrl", ai.url("/openai/v1"),
                "secret", AI_KEY))).then().statusCode(200);
        put(adminB, Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "baseUrl", listener.url("/v1"))))
                .then().statusCode(400).body("error", equalTo("For the AI provider, the address or sign-in method "
                        + "changed: enter the key again — a saved key is only sent to the address it was entered for."));
        put(adminB, Map.of("ai", Map.of("provider", "openai_compatible", "model", "gpt-4o-mini", "baseUrl", ai.url("/openai/v1"))))
                .then().statusCode(400);
        put(adminB, Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o")))
                .then().statusCode(400);
        put(adminB, Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o", "baseUrl", ai.url("/openai/v1"))))
                .then().statusCode(200);
        as(adminB).body(Map.of("connector", "ai")).post("/api/pmos/connectors/test").then().statusCode(200)
                .body("results[0].ok", equalTo(true));
        assertListenerGotNothing(AI_KEY);
    }

    @Test
    void threeOfThreeKeysStayHome_whenTheRowsAreRedirectedInTheDatabase() {
        put(adminB, Map.of("flowPieces", Map.of("preset", "local"),
                "mcp", List.of(mcp(bcgpt.url("/mcp"), "bearer", MCP_KEY)),
                "ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "baseUrl", ai.url("/openai/v1"), "secret", AI_KEY)))
                .then().statusCode(200);
        testAll(adminB).body("results.ok", equalTo(List.of(true, true, true)));
        String keyB = storedSecret(adminB, "flow_pieces");
        String ws = workspaceOf(adminB);
        TestSupport.exec("UPDATE connectors SET config = jsonb_set(config, '{url}', '\"" + listener.url("") + "\"') "
                + "WHERE workspace_id = '" + ws + "' AND kind = 'flow_pieces'");
        TestSupport.exec("UPDATE connectors SET config = jsonb_set(config, '{url}', '\"" + listener.url("/mcp") + "\"') "
                + "WHERE workspace_id = '" + ws + "' AND kind = 'mcp'");
        TestSupport.exec("UPDATE connectors SET config = jsonb_set(config, '{baseUrl}', '\"" + listener.url("/v1") + "\"') "
                + "WHERE workspace_id = '" + ws + "' AND kind = 'ai'");
        testAll(adminB)
                .body("results.find { it.connector == 'flowPieces' }.error.code", equalTo("FLOW_PIECES_SECRET_UNREADABLE"))
                .body("results.find { it.connector == 'mcp:bcgpt' }.error.code", equalTo("MCP_SECRET_UNREADABLE"))
                .body("results.find { it.connector == 'ai' }.error.code", equalTo("AI_SECRET_UNREADABLE"))
                .body("results.find { it.connector == 'ai' }.error.fix", equalTo(
                        "Enter the key again: a saved key is only sent to the address it was entered for."));
        as(adminB).get("/api/pmos/flows").then().statusCode(409);
        String conversation = as(adminB).body(Map.of("title", "Ops")).post("/api/pmos/chat/conversations").then()
                .statusCode(201).extract().path("conversation.id");
        as(adminB).body(Map.of("text", "list flows")).post("/api/pmos/chat/conversations/" + conversation + "/messages")
                .then().statusCode(409).body("error", org.hamcrest.Matchers.containsString("enters it again in Setup"));
        assertListenerGotNothing(keyB, MCP_KEY, AI_KEY, LocalFlowPieces.API_KEY);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Map<String, Object> mcp(String url, String mode, String secret) {
        Map<String, Object> m = new HashMap<>(Map.of("name", "bcgpt", "url", url, "authMode", mode));
        if (mode.equals("header")) {
            m.put("headerName", "x-bcgpt-api-key");
        }
        if (secret != null) {
            m.put("secret", secret);
        }
        return m;
    }

    private static Map<String, Object> withHeader(Map<String, Object> m, String header) {
        m.put("headerName", header);
        return m;
    }

    static String workspaceOf(String cookie) {
        return as(cookie).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId");
    }

    /** Decrypts a workspace's stored secret the way the server does (test key file, v2 context). */
    static String storedSecret(String cookie, String kind) {
        String row = TestSupport.scalar("SELECT id || '|' || workspace_id || '|' || config::text || '|' || secret_ciphertext "
                + "FROM connectors WHERE kind = '" + kind + "' AND workspace_id = '" + workspaceOf(cookie) + "'").toString();
        String[] p = row.split("\\|", 4);
        return decrypt(UUID.fromString(p[1]), UUID.fromString(p[0]), kind, new JsonObject(p[2]), p[3]);
    }

    static String decrypt(UUID workspace, UUID id, String kind, JsonObject config, String stored) {
        SecretCipher cipher = new SecretCipher(List.of(MasterKeyFile.read(Path.of("target/test-secret.key"))));
        assertTrue(stored.startsWith("v2."), "new secrets are sealed bound to their destination");
        return cipher.decrypt(stored, ConnectorSecrets.context(workspace, id,
                ConnectorSecrets.binding(kind, key -> config.getString(key))));
    }

    private static HttpResponse<String> flowPieces(String method, String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LocalFlowPieces.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
