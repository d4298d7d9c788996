package io.pmos.connectors;

import io.pmos.TestSupport;
import io.pmos.testing.FakeAiProviders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The AI provider step against local servers that speak each provider's real model-endpoint wire format. */
@QuarkusTest
class AiProviderCheckTest {

    private static FakeAiProviders fake;
    private String admin;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeAiProviders();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    private Response test(String provider, String model, String baseUrl, String key) {
        Map<String, Object> ai = new HashMap<>();
        ai.put("provider", provider);
        if (model != null) {
            ai.put("model", model);
        }
        if (baseUrl != null) {
            ai.put("baseUrl", baseUrl);
        }
        if (key != null) {
            ai.put("secret", key);
        }
        as(admin).body(Map.of("ai", ai)).put("/api/pmos/connectors").then().statusCode(200);
        return as(admin).body(Map.of("connector", "ai")).post("/api/pmos/connectors/test");
    }

    @Test
    void openAiGoodKeyAndModelPass() {
        test("openai", "gpt-4o-mini", fake.url("/openai/v1"), FakeAiProviders.GOOD_KEY).then().statusCode(200)
                .body("results[0].connector", equalTo("ai"))
                .body("results[0].ok", equalTo(true)).body("results[0].authOk", equalTo(true))
                .body("results[0].details.keyValid", equalTo(true))
                .body("results[0].details.modelAvailable", equalTo(true))
                .body("results[0].details.models", hasItem("gpt-4o"))
                .body("results[0].latencyMs", notNullValue()).body("results[0].error", nullValue());
    }

    @Test
    void openAiWrongKeyIsKeyInvalidWithAFix() {
        test("openai", "gpt-4o-mini", fake.url("/openai/v1"), "sk-wrong").then().statusCode(200)
                .body("results[0].ok", equalTo(false)).body("results[0].reachable", equalTo(true))
                .body("results[0].authOk", equalTo(false))
                .body("results[0].error.code", equalTo("AI_KEY_INVALID"))
                .body("results[0].error.fix", notNullValue());
    }

    @Test
    void openAiUnknownModelIsModelNotFound() {
        test("openai", "gpt-9-imaginary", fake.url("/openai/v1"), FakeAiProviders.GOOD_KEY).then()
                .body("results[0].authOk", equalTo(true))
                .body("results[0].error.code", equalTo("AI_MODEL_NOT_FOUND"));
    }

    @Test
    void anthropicKeyAndModel() {
        test("anthropic", "claude-sonnet-4-5", fake.url("/anthropic/v1"), FakeAiProviders.GOOD_KEY).then()
                .body("results[0].ok", equalTo(true));
        test("anthropic", "claude-sonnet-4-5", fake.url("/anthropic/v1"), "bad-key-0000000000").then()
                .body("results[0].error.code", equalTo("AI_KEY_INVALID"));
        test("anthropic", "gpt-4o", fake.url("/anthropic/v1"), FakeAiProviders.GOOD_KEY).then()
                .body("results[0].error.code", equalTo("AI_MODEL_NOT_FOUND"));
    }

    @Test
    void geminiKeyInvalidComesAs400WithReason() {
        test("gemini", "gemini-2.0-flash", fake.url("/gemini/v1beta"), FakeAiProviders.GOOD_KEY).then()
                .body("results[0].ok", equalTo(true));
        test("gemini", "gemini-2.0-flash", fake.url("/gemini/v1beta"), "AIza-bad-key-000000").then()
                .body("results[0].error.code", equalTo("AI_KEY_INVALID"));
        test("gemini", "palm-2", fake.url("/gemini/v1beta"), FakeAiProviders.GOOD_KEY).then()
                .body("results[0].error.code", equalTo("AI_MODEL_NOT_FOUND"));
    }

    @Test
    void ollamaModelsAreMatchedWithTheirLatestTag() {
        test("ollama", "llama3.2", fake.url("/ollama"), null).then().body("results[0].ok", equalTo(true));
        test("ollama", "mistral", fake.url("/ollama"), null).then()
                .body("results[0].error.code", equalTo("AI_MODEL_NOT_FOUND"));
    }

    @Test
    void keyMissingSlowAndWrongServiceHaveTheirOwnCodes() {
        test("openai", "gpt-4o-mini", fake.url("/openai/v1"), null).then()
                .body("results[0].error.code", equalTo("AI_KEY_MISSING"));
        test("openai_compatible", "gpt-4o-mini", fake.url("/html"), "whatever-key-123").then()
                .body("results[0].error.code", equalTo("AI_BAD_RESPONSE"));
        // A kept key never follows a new base URL (issue 8 §1), so each address gets the key again.
        test("openai_compatible", "gpt-4o-mini", "http://127.0.0.1:1", "whatever-key-123").then()
                .body("results[0].error.code", equalTo("AI_CONNECTION_REFUSED"));
        test("openai_compatible", "gpt-4o-mini", fake.url("/slow"), "whatever-key-123").then()
                .body("results[0].error.code", equalTo("AI_TIMEOUT"));
        test("openai", "gpt-4o-mini", "http://no-such-host.invalid/v1", FakeAiProviders.GOOD_KEY).then()
                .body("results[0].error.code", equalTo("AI_HOST_NOT_FOUND"));
    }

    @Test
    void builtInNeedsNoKeyAndPasses() {
        test("builtin", null, null, null).then().body("results[0].ok", equalTo(true))
                .body("results[0].details.provider", equalTo("builtin"));
    }
}
