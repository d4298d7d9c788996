package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on a free local port whose answers each test scripts, recording every request it receives.
 * It speaks HTTP for real (status lines, chunking, closing connections), so the client is tested end to end.
 */
final class LocalMcpServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One request as the server saw it. */
    record Seen(String httpMethod, String uri, MultiMap headers, String body, JsonNode json) {
        String rpcMethod() {
            return json == null ? null : json.path("method").asText(null);
        }

        JsonNode id() {
            return json == null ? null : json.get("id");
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean isRpc(String method) {
            return "POST".equals(httpMethod) && method.equals(rpcMethod());
        }
    }

    /** Answers one request; the request body is already read. */
    interface Script {
        void answer(HttpServerRequest request, Seen seen);
    }

    private final HttpServer server;
    private final List<Seen> seen = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Predicate<Seen> match, CompletableFuture<Seen> future) {
    }

    private LocalMcpServer(HttpServer server) {
        this.server = server;
    }

    static LocalMcpServer start(Vertx vertx, Script script) {
        return start(vertx, new HttpServerOptions(), script);
    }

    static LocalMcpServer start(Vertx vertx, HttpServerOptions options, Script script) {
        LocalMcpServer[] self = {null};
        HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0));
        server.requestHandler(request -> request.body().onSuccess(body -> {
            JsonNode json = parse(body.toString());
            Seen s = new Seen(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString(), json);
            self[0].record(s);
            script.answer(request, s);
        }));
        self[0] = new LocalMcpServer(server);
        await(server.listen().toCompletionStage().toCompletableFuture());
        return self[0];
    }

    private static JsonNode parse(String body) {
        if (body.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void record(Seen s) {
        seen.add(s);
        waiters.removeIf(w -> {
            if (w.match.test(s)) {
                w.future.complete(s);
                return true;
            }
            return false;
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    int port() {
        return server.actualPort();
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    synchronized List<Seen> seen(String rpcMethod) {
        return seen.stream().filter(s -> s.isRpc(rpcMethod)).toList();
    }

    /** Waits (bounded) for a request matching the predicate, whether it already came or comes later. */
    Seen awaitRequest(Predicate<Seen> match, Duration within) {
        CompletableFuture<Seen> future = new CompletableFuture<>();
        synchronized (this) {
            for (Seen s : seen) {
                if (match.test(s)) {
                    return s;
                }
            }
            waiters.add(new Waiter(match, future));
        }
        return await(future, within);
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
    }

    // ---- answers

    static ObjectNode initializeResult(String version) {
        ObjectNode result = NODES.objectNode().put("protocolVersion", version);
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "local-test").put("version", "9.9.9");
        return result;
    }

    static ObjectNode response(JsonNode id, JsonNode result) {
        ObjectNode r = NODES.objectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        r.set("result", result);
        return r;
    }

    static ObjectNode errorResponse(JsonNode id, int code, String message) {
        ObjectNode r = NODES.objectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        r.putObject("error").put("code", code).put("message", message);
        return r;
    }

    static ObjectNode textResult(String text) {
        ObjectNode result = NODES.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    static void json(HttpServerRequest request, int status, JsonNode body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.toString());
    }

    static void accepted(HttpServerRequest request) {
        request.response().setStatusCode(202).end();
    }

    /**
     * A minimal MCP server answering in JSON: initialize (with a session id), notifications (202), ping, and
     * anything else through {@code other}; requests with an unknown session id get the reference SDK's 400.
     */
    static Script mcp(String sessionId, Script other) {
        return (request, seen) -> {
            if ("DELETE".equals(seen.httpMethod())) {
                request.response().setStatusCode(200).end();
            } else if ("initialize".equals(seen.rpcMethod())) {
                request.response().putHeader("Mcp-Session-Id", sessionId);
                json(request, 200, response(seen.id(), initializeResult("2025-11-25")));
            } else if (seen.json != null && (seen.id() == null || seen.rpcMethod() == null)) {
                accepted(request); // a notification, or PMOS answering a server request
            } else if ("ping".equals(seen.rpcMethod())) {
                json(request, 200, response(seen.id(), NODES.objectNode()));
            } else {
                other.answer(request, seen);
            }
        };
    }

    static <T> T await(CompletableFuture<T> future) {
        return await(future, Duration.ofSeconds(10));
    }

    static <T> T await(CompletableFuture<T> future, Duration within) {
        try {
            return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + within + ": " + e, e);
        }
    }

    /** Writes the text in small pieces with a pause between, so the client sees it split across many reads. */
    static void writeInPieces(Vertx vertx, io.vertx.core.http.HttpServerResponse response, String text, int piece,
                              Runnable then) {
        if (text.isEmpty()) {
            then.run();
            return;
        }
        int n = Math.min(piece, text.length());
        response.write(Buffer.buffer(text.substring(0, n)));
        vertx.setTimer(2, t -> writeInPieces(vertx, response, text.substring(n), piece, then));
    }

    static void startSse(HttpServerRequest request) {
        request.response().setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
    }

    static String event(JsonNode message) {
        return "event: message\ndata: " + message + "\n\n";
    }
}
