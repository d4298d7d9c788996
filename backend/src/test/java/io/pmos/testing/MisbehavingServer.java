package io.pmos.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real local HTTP server that misbehaves the ways remote services do, chosen by the first path segment:
 * /html (a web page), /truncated (JSON cut short), /other (JSON from some other service), /slow (never answers).
 */
public final class MisbehavingServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    public MisbehavingServer() throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .onSuccess(started::complete).onFailure(started::completeExceptionally);
        server = started.get(10, TimeUnit.SECONDS);
    }

    public String url(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + prefix;
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith("/slow")) {
            return;
        }
        if (path.startsWith("/html")) {
            req.response().putHeader("Content-Type", "text/html").end("<!doctype html><html><body>Sign in</body></html>");
        } else if (path.startsWith("/truncated")) {
            req.response().putHeader("Content-Type", "application/json").end("{\"EDITION\": \"ce\", \"CURRENT_VERS");
        } else if (path.startsWith("/other")) {
            req.response().putHeader("Content-Type", "application/json").end("{\"status\": \"ok\", \"service\": \"something else\"}");
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
