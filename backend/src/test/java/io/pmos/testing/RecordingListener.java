package io.pmos.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An attacker's listener: a real HTTP server on a loopback port that records every request it receives (method,
 * path and all headers) and answers 200 {}. Tests point a connector at it and assert what reached it.
 */
public final class RecordingListener implements AutoCloseable {

    /** One received request: method, path, and every header line as "name: value". */
    public record Received(String method, String path, List<String> headers) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public RecordingListener() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            List<String> headers = new ArrayList<>();
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                h.getValue().forEach(v -> headers.add(h.getKey() + ": " + v));
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every header value any request carried, for "no secret reached the listener" checks. */
    public String allHeaders() {
        return String.join("\n", received.stream().flatMap(r -> r.headers().stream()).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
