package io.pmos.chat;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.pmos.net.OutboundPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The HTTP transport under one model adapter, on the JDK client like langchain4j's own, plus what PMOS needs and
 * langchain4j's does not give: a refusal keeps the provider's Retry-After, a request can be dropped from outside
 * (cancel, timeout), and the end of a stream is reported even when the adapter never finished the answer.
 *
 * <p>Every request's host is resolved and checked by the outbound policy (on a worker) before the JDK client sends
 * it. The JDK client then looks the name up itself, which the JVM's address cache answers with the same addresses;
 * the narrow window left (the cache entry expiring in between) is described in docs/security.md §2.
 */
final class ModelHttpClient implements HttpClient {

    private static final int MAX_ERROR_BODY = 16_384;

    private final java.net.http.HttpClient jdk;
    private final OutboundPolicy policy;
    private final Executor resolver;
    private final Duration headersTimeout;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<InputStream> streams = ConcurrentHashMap.newKeySet();
    private volatile Runnable onStreamEnd = () -> { };

    ModelHttpClient(java.net.http.HttpClient jdk, OutboundPolicy policy, Executor resolver, Duration headersTimeout) {
        this.jdk = jdk;
        this.policy = policy;
        this.resolver = resolver;
        this.headersTimeout = headersTimeout;
    }

    /** What runs after a stream ended for whatever reason, once the adapter saw its end. */
    void onStreamEnd(Runnable action) {
        this.onStreamEnd = action == null ? () -> { } : action;
    }

    /** Drops every request and stream of this client that is still open. */
    void abort() {
        pending.forEach(f -> f.cancel(true));
        streams.forEach(s -> {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
        });
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            policy.vetBlocking(request.url());
            HttpResponse<String> response = jdk.send(jdkRequest(request), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new Refused(response.statusCode(), clip(response.body()), retryAfter(response.headers()));
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map())
                    .body(response.body()).build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Runnable ended = onStreamEnd; // this request's own: a late end of an earlier stream must not touch a newer call
        java.net.http.HttpRequest jdkRequest = jdkRequest(request);
        // the policy resolves on a worker (this may be an event loop), then the JDK client sends
        CompletableFuture<HttpResponse<InputStream>> call = CompletableFuture.runAsync(() -> {
            try {
                policy.vetBlocking(request.url());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, resolver).thenCompose(checked -> {
            CompletableFuture<HttpResponse<InputStream>> send = jdk.sendAsync(jdkRequest, HttpResponse.BodyHandlers.ofInputStream());
            pending.add(send); // abort() reaches the send itself, not only the stage before it
            send.whenComplete((r, e) -> pending.remove(send));
            return send;
        });
        pending.add(call);
        call.whenComplete((response, error) -> {
            pending.remove(call);
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                quietly(() -> listener.onError(cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause));
                ended.run();
                return;
            }
            InputStream body = response.body();
            streams.add(body);
            try (body) {
                if (response.statusCode() < 200 || response.statusCode() > 299) {
                    String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                    quietly(() -> listener.onError(new Refused(response.statusCode(), text, retryAfter(response.headers()))));
                    return;
                }
                quietly(() -> listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                        .headers(response.headers().map()).build()));
                parser.parse(body, listener);
                quietly(listener::onClose);
            } catch (IOException | RuntimeException e) {
                quietly(() -> listener.onError(e));
            } finally {
                streams.remove(body);
                ended.run();
            }
        });
    }

    private java.net.http.HttpRequest jdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(headersTimeout);
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(v -> b.header(name, v));
            }
        });
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new IllegalArgumentException("form uploads are not used by the chat models");
        }
        return b.method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body())).build();
    }

    /** Retry-After (seconds or an HTTP date), or OpenAI's retry-after-ms; null when the provider did not say. */
    static Duration retryAfter(HttpHeaders headers) {
        try {
            String ms = headers.firstValue("retry-after-ms").orElse(null);
            if (ms != null) {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.strip())));
            }
            String value = headers.firstValue("retry-after").orElse(null);
            if (value == null) {
                return null;
            }
            if (value.strip().matches("\\d+(\\.\\d+)?")) {
                return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
            }
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String clip(String body) {
        return body == null || body.length() <= MAX_ERROR_BODY ? body : body.substring(0, MAX_ERROR_BODY);
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // a listener's failure must not stop the stream's bookkeeping
        }
    }

    /** A provider's non-2xx answer: status and body as langchain4j expects them, plus the wait the provider asked for. */
    static final class Refused extends HttpException {

        private final transient Duration retryAfter;

        Refused(int status, String body, Duration retryAfter) {
            super(status, body);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Hands this client to a langchain4j model builder (which sets the timeouts it was given). */
    static final class Builder implements HttpClientBuilder {

        private final java.net.http.HttpClient jdk;
        private final OutboundPolicy policy;
        private final Executor resolver;
        private ModelHttpClient built;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(java.net.http.HttpClient jdk, OutboundPolicy policy, Executor resolver) {
            this.jdk = jdk;
            this.policy = policy;
            this.resolver = resolver;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public ModelHttpClient build() {
            built = new ModelHttpClient(jdk, policy, resolver, readTimeout == null ? Duration.ofMinutes(2) : readTimeout);
            return built;
        }

        /** The client the model builder made from this (null before it did). */
        ModelHttpClient client() {
            return built;
        }
    }
}
