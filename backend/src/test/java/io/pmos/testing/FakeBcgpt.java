package io.pmos.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small MCP server over Streamable HTTP (JSON answers) that behaves like BCGPT where it matters for the connector
 * test: tools/list answers anybody, while the identity tool {@code whoami} checks the {@code x-bcgpt-api-key}
 * header and answers NOT_AUTHENTICATED for a wrong key (as real BCGPT does: the key is checked when a tool needs the
 * Basecamp account, not when tools are listed). GET /health answers {@link #health} (200 unless a test sets it).
 * Also /strict/mcp (406 for every request) and /html/mcp.
 */
public final class FakeBcgpt implements AutoCloseable {

    public static final String GOOD_KEY = "bcgpt-test-key-0123456789abcdef";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    /** The status GET /health answers; a test sets it to make BCGPT unhealthy. */
    public volatile int health = 200;

    public FakeBcgpt() throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> handle(req, body.toString())))
                .listen(0, "127.0.0.1").onSuccess(started::complete).onFailure(started::completeExceptionally);
        server = started.get(10, TimeUnit.SECONDS);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private void handle(HttpServerRequest req, String body) {
        if (req.path().equals("/health") && "GET".equals(req.method().name())) {
            req.response().setStatusCode(health).putHeader("Content-Type", "application/json")
                    .end(health == 200 ? "{\"status\":\"ok\"}" : "{\"status\":\"degraded\"}");
            return;
        }
        if (req.path().equals("/strict/mcp")) {
            req.response().setStatusCode(406).putHeader("Content-Type", "application/json")
                    .end("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Not Acceptable\"},\"id\":null}");
            return;
        }
        if (req.path().equals("/html/mcp")) {
            req.response().putHeader("Content-Type", "text/html").end("<html><body>BCGPT</body></html>");
            return;
        }
        if (!req.path().equals("/mcp") || !"POST".equals(req.method().name())) {
            req.response().setStatusCode(404).end();
            return;
        }
        JsonObject msg = new JsonObject(body);
        String method = msg.getString("method");
        Object id = msg.getValue("id");
        if (id == null) {
            req.response().setStatusCode(202).end();
            return;
        }
        JsonObject result;
        switch (method) {
            case "initialize" -> {
                result = new JsonObject().put("protocolVersion", "2025-06-18")
                        .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                        .put("serverInfo", new JsonObject().put("name", "bcgpt").put("version", "3.1.0"));
                req.response().putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
            }
            case "tools/list" -> result = new JsonObject().put("tools", new JsonArray()
                    .add(tool("whoami", "Who the API key belongs to"))
                    .add(tool("list_projects", "List Basecamp projects"))
                    .add(tool("trash_todo", "Move a to-do to the trash")));
            case "tools/call" -> {
                String name = msg.getJsonObject("params").getString("name");
                boolean good = GOOD_KEY.equals(req.getHeader("x-bcgpt-api-key"));
                if (name.equals("whoami") && good) {
                    result = text("Signed in as Ada Admin (ada@example.com), Basecamp account 999.", false);
                } else if (name.equals("whoami")) {
                    result = text("{\"error\":\"NOT_AUTHENTICATED\",\"message\":\"API key not recognized\"}", true);
                } else {
                    result = text("[]", false);
                }
            }
            default -> {
                json(req, new JsonObject().put("jsonrpc", "2.0").put("id", id)
                        .put("error", new JsonObject().put("code", -32601).put("message", "Method not found")));
                return;
            }
        }
        json(req, new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result));
    }

    private static JsonObject tool(String name, String description) {
        return new JsonObject().put("name", name).put("description", description)
                .put("inputSchema", new JsonObject().put("type", "object"));
    }

    private static JsonObject text(String text, boolean isError) {
        return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
                .put("isError", isError);
    }

    private static void json(HttpServerRequest req, JsonObject body) {
        req.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
