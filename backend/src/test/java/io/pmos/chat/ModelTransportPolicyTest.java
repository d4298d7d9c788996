package io.pmos.chat;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.OutboundPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The chat models' transport (the JDK client under langchain4j) under the outbound address policy: a refused
 * address gets no connection, streaming or not, and a redirect is reported, never followed.
 */
class ModelTransportPolicyTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aRefusedAddressGetsNoConnectionAndTheRunSeesAddressNotAllowed() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger accepted = countConnections(socket);
            ModelHttpClient client = new ModelHttpClient(ModelFactory.jdkClient(Duration.ofSeconds(3)),
                    new OutboundPolicy(vertx, false), ForkJoinPool.commonPool(), Duration.ofSeconds(3));
            for (String url : new String[]{"http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions",
                    "http://localhost:" + socket.getLocalPort() + "/api/chat", "http://169.254.169.254/v1/chat/completions",
                    "http://[::ffff:169.254.169.254]/v1/chat/completions"}) {
                Throwable streamed = stream(client, url).get(10, TimeUnit.SECONDS);
                assertInstanceOf(AddressNotAllowedException.class, streamed, url);
                ModelFailure failure = ModelFailure.of(streamed);
                assertEquals(AddressNotAllowedException.CODE, failure.code());
                assertEquals(false, failure.retryable());
                assertThrows(AddressNotAllowedException.class, () -> client.execute(request(url)));
            }
            assertEquals(0, accepted.get(), "the listener on 127.0.0.1 must not have been contacted");
        }
    }

    @Test
    void aRedirectIsReportedNotFollowed() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger accepted = countConnections(socket);
            HttpServer redirecting = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(307)
                            .putHeader("Location", "http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions").end())
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try {
                ModelHttpClient client = new ModelHttpClient(ModelFactory.jdkClient(Duration.ofSeconds(3)),
                        new OutboundPolicy(vertx, true), ForkJoinPool.commonPool(), Duration.ofSeconds(3));
                Throwable streamed = stream(client, "http://127.0.0.1:" + redirecting.actualPort() + "/v1/chat/completions")
                        .get(10, TimeUnit.SECONDS);
                assertEquals(307, assertInstanceOf(ModelHttpClient.Refused.class, streamed).statusCode());
                assertEquals(0, accepted.get(), "the redirect target must not have been contacted");
            } finally {
                redirecting.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CompletableFuture<Throwable> stream(ModelHttpClient client, String url) {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        client.execute(request(url), new DefaultServerSentEventParser(), new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event) {
                error.completeExceptionally(new AssertionError("no event may arrive: " + event));
            }

            @Override
            public void onError(Throwable t) {
                error.complete(t);
            }
        });
        return error;
    }

    private static HttpRequest request(String url) {
        return HttpRequest.builder().method(HttpMethod.POST).url(url).addHeader("Content-Type", "application/json")
                .body("{\"model\":\"m\",\"stream\":true}").build();
    }

    private static AtomicInteger countConnections(ServerSocket socket) {
        AtomicInteger accepted = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "model-listener");
        t.setDaemon(true);
        t.start();
        return accepted;
    }
}
