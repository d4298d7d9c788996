package io.pmos.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server answering like the real AI providers' model endpoints, in their real wire formats
 * (bodies, error shapes, auth headers): OpenAI /v1/models, Anthropic /v1/models/{id}, Gemini /v1beta/models/{id},
 * Ollama /api/tags; plus /slow (never answers) and /html (a web page instead of an API).
 */
public final class FakeAiProviders implements AutoCloseable {

    public static final String GOOD_KEY = "sk-test-good-key-0123456789";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    public FakeAiProviders() throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .onSuccess(started::complete).onFailure(started::completeExceptionally);
        server = started.get(10, TimeUnit.SECONDS);
    }

    public String url(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + prefix;
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith("/slow")) {
            return;
        }
        if (path.startsWith("/html")) {
            req.response().putHeader("Content-Type", "text/html").end("<html><body>Welcome</body></html>");
            return;
        }
        if (path.equals("/openai/v1/models")) {
            if (!("Bearer " + GOOD_KEY).equals(req.getHeader("Authorization"))) {
                json(req, 401, new JsonObject().put("error", new JsonObject()
                        .put("message", "Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.")
                        .put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key")));
                return;
            }
            json(req, 200, new JsonObject().put("object", "list").put("data", new JsonArray()
                    .add(model("gpt-4o-mini")).add(model("gpt-4o")).add(model("text-embedding-3-small"))));
            return;
        }
        if (path.startsWith("/anthropic/v1/models/")) {
            if (!GOOD_KEY.equals(req.getHeader("x-api-key")) || req.getHeader("anthropic-version") == null) {
                json(req, 401, new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "authentication_error").put("message", "invalid x-api-key")));
                return;
            }
            String id = path.substring("/anthropic/v1/models/".length());
            if (!id.startsWith("claude-")) {
                json(req, 404, new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "not_found_error").put("message", "model: " + id)));
                return;
            }
            json(req, 200, new JsonObject().put("type", "model").put("id", id + "-20250929")
                    .put("display_name", "Claude").put("created_at", "2025-09-29T00:00:00Z"));
            return;
        }
        if (path.startsWith("/gemini/v1beta/models/")) {
            if (!GOOD_KEY.equals(req.getHeader("x-goog-api-key"))) {
                json(req, 400, new JsonObject().put("error", new JsonObject().put("code", 400)
                        .put("message", "API key not valid. Please pass a valid API key.").put("status", "INVALID_ARGUMENT")
                        .put("details", new JsonArray().add(new JsonObject()
                                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                                .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com")))));
                return;
            }
            String id = path.substring("/gemini/v1beta/models/".length());
            if (!id.startsWith("gemini-")) {
                json(req, 404, new JsonObject().put("error", new JsonObject().put("code", 404)
                        .put("message", "models/" + id + " is not found for API version v1beta").put("status", "NOT_FOUND")));
                return;
            }
            json(req, 200, new JsonObject().put("name", "models/" + id).put("version", "001")
                    .put("displayName", "Gemini").put("inputTokenLimit", 1048576));
            return;
        }
        if (path.equals("/ollama/api/tags")) {
            json(req, 200, new JsonObject().put("models", new JsonArray().add(new JsonObject()
                    .put("name", "llama3.2:latest").put("model", "llama3.2:latest")
                    .put("modified_at", "2025-01-01T00:00:00Z").put("size", 2019393189L)
                    .put("digest", "a80c4f17acd5").put("details", new JsonObject().put("family", "llama")))));
            return;
        }
        json(req, 404, new JsonObject().put("error", "not found"));
    }

    private static JsonObject model(String id) {
        return new JsonObject().put("id", id).put("object", "model").put("created", 1715367049).put("owned_by", "system");
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
