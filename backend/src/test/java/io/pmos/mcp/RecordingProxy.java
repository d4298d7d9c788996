package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A pass-through HTTP proxy in front of the reference MCP server that records what the client sent and what
 * status came back, streaming answers through unchanged (SSE included). Lets tests check wire behaviour
 * (cancellation notices, re-initialization, DELETE) against the real server.
 */
final class RecordingProxy implements AutoCloseable {

    /** One proxied exchange. */
    record Exchange(String httpMethod, MultiMap headers, JsonNode json, int status) {
        String rpcMethod() {
            return json == null ? null : json.path("method").asText(null);
        }

        boolean isRpc(String method) {
            return "POST".equals(httpMethod) && method.equals(rpcMethod());
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive");

    private final HttpServer server;
    private final HttpClient client;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Object[]> waiters = new ArrayList<>();

    private RecordingProxy(Vertx vertx, int targetPort) {
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer();
        server.requestHandler(in -> in.body().onSuccess(body -> {
            RequestOptions out = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1")
                    .setPort(targetPort).setURI(in.uri());
            in.headers().forEach(h -> {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                    out.addHeader(h.getKey(), h.getValue());
                }
            });
            MultiMap seenHeaders = MultiMap.caseInsensitiveMultiMap().addAll(in.headers());
            JsonNode json = parse(body.toString());
            client.request(out).onSuccess(upstream -> {
                HttpServerResponse response = in.response();
                // the client going away (reset on timeout) must reach the server as well
                response.closeHandler(v -> upstream.reset());
                upstream.send(body).onSuccess(answer -> {
                    record(new Exchange(in.method().name(), seenHeaders, json, answer.statusCode()));
                    response.setStatusCode(answer.statusCode()).setChunked(true);
                    answer.headers().forEach(h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                            response.putHeader(h.getKey(), h.getValue());
                        }
                    });
                    answer.handler(response::write);
                    answer.endHandler(v -> response.end());
                    answer.exceptionHandler(e -> response.reset());
                }).onFailure(e -> fail(in.response(), upstream));
            }).onFailure(e -> in.response().setStatusCode(502).end());
        }));
    }

    private static void fail(HttpServerResponse response, HttpClientRequest upstream) {
        if (!response.headWritten()) {
            response.setStatusCode(502).end();
        }
        upstream.reset();
    }

    static RecordingProxy start(Vertx vertx, int targetPort) {
        RecordingProxy proxy = new RecordingProxy(vertx, targetPort);
        LocalMcpServer.await(proxy.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());
        return proxy;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? null : LocalMcpServer.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void record(Exchange exchange) {
        exchanges.add(exchange);
        waiters.removeIf(w -> {
            if (((Predicate<Exchange>) w[0]).test(exchange)) {
                ((CompletableFuture<Exchange>) w[1]).complete(exchange);
                return true;
            }
            return false;
        });
    }

    synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    synchronized List<Exchange> rpc(String method) {
        return exchanges.stream().filter(e -> e.isRpc(method)).toList();
    }

    Exchange await(Predicate<Exchange> match, Duration within) {
        CompletableFuture<Exchange> future = new CompletableFuture<>();
        synchronized (this) {
            for (Exchange e : exchanges) {
                if (match.test(e)) {
                    return e;
                }
            }
            waiters.add(new Object[]{match, future});
        }
        return LocalMcpServer.await(future, within);
    }

    @Override
    public void close() {
        LocalMcpServer.await(server.close().toCompletionStage().toCompletableFuture());
        client.close();
    }
}
