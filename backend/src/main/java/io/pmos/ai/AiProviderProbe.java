package io.pmos.ai;

import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.NetFailure;
import io.pmos.net.OutboundPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an AI provider setting without spending tokens: the provider's own model endpoints (OpenAI and
 * compatible: /models; Anthropic: /models/{id}; Gemini: /models/{id}; Ollama: /api/tags) prove that the key is
 * valid and the model exists. Keys travel in headers only, never in a URL.
 */
@ApplicationScoped
public class AiProviderProbe {

    private final WebClient web;
    private final OutboundPolicy policy;

    public AiProviderProbe(Vertx vertx, OutboundPolicy policy) {
        this.policy = policy;
        this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setFollowRedirects(false)
                .setUserAgent("pmos"));
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** What the probe learned: the model is served, and a few of the provider's models for the UI. */
    public record Probe(boolean modelAvailable, int modelCount, List<String> sampleModels) {
    }

    public Uni<Probe> probe(AiProvider provider, String baseUrl, String model, String key, Duration timeout) {
        if (provider == AiProvider.BUILTIN) {
            return Uni.createFrom().item(new Probe(true, 0, List.of()));
        }
        if (provider.keyRequired() && (key == null || key.isBlank())) {
            return Uni.createFrom().failure(new AiProviderException(AiProviderException.KEY_MISSING,
                    "No API key is stored for " + provider.id() + "."));
        }
        String base = trim(baseUrl != null ? baseUrl : provider.defaultBaseUrl());
        return switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> get(base + "/models", timeout, r -> bearer(r, key))
                    .map(body -> fromList(ids(body.getJsonArray("data"), "id"), model));
            case ANTHROPIC -> get(base + "/models/" + enc(model), timeout, r -> r
                    .putHeader("x-api-key", key).putHeader("anthropic-version", "2023-06-01"))
                    .map(body -> new Probe(true, 1, List.of(body.getString("id", model))));
            case GEMINI -> get(base + "/models/" + enc(model.startsWith("models/") ? model.substring(7) : model),
                    timeout, r -> r.putHeader("x-goog-api-key", key))
                    .map(body -> new Probe(true, 1, List.of(body.getString("name", model))));
            case OLLAMA -> get(base + "/api/tags", timeout, r -> bearer(r, key))
                    .map(body -> fromList(ids(body.getJsonArray("models"), "name"), model));
            case BUILTIN -> Uni.createFrom().item(new Probe(true, 0, List.of()));
        };
    }

    private Probe fromList(List<String> ids, String model) {
        boolean found = ids.contains(model) || ids.contains(model + ":latest");
        if (!found) {
            String some = String.join(", ", ids.subList(0, Math.min(5, ids.size())));
            throw new AiProviderException(AiProviderException.MODEL_NOT_FOUND, "The provider does not offer the model '"
                    + model + "'." + (ids.isEmpty() ? "" : " It offers, for example: " + some + "."));
        }
        return new Probe(true, ids.size(), ids.subList(0, Math.min(10, ids.size())));
    }

    private Uni<JsonObject> get(String url, Duration timeout, java.util.function.Consumer<HttpRequest<Buffer>> auth) {
        // the connection goes to the address the policy checked; Host and TLS keep the configured name
        return policy.vet(url).flatMap(vetted -> {
                    HttpRequest<Buffer> request = web.requestAbs(io.vertx.core.http.HttpMethod.GET, vetted.mutinyServer(), url)
                            .timeout(timeout.toMillis()).putHeader("Accept", "application/json");
                    auth.accept(request);
                    return request.send();
                })
                .onFailure().transform(e -> network(url, e, timeout))
                .map(AiProviderProbe::json);
    }

    private static JsonObject json(HttpResponse<Buffer> r) {
        int s = r.statusCode();
        String body = r.bodyAsString();
        if (s == 401 || s == 403 || s == 400 && body != null && body.contains("API_KEY_INVALID")) {
            throw new AiProviderException(AiProviderException.KEY_INVALID, "The provider refused the API key (HTTP " + s + ").");
        }
        if (s == 404) {
            throw new AiProviderException(AiProviderException.MODEL_NOT_FOUND,
                    "The provider does not know this model (HTTP 404).");
        }
        if (s == 429) {
            String retry = r.getHeader("Retry-After");
            throw new AiProviderException(AiProviderException.RATE_LIMITED, "The provider is rate-limiting this key"
                    + (retry == null ? "." : "; it asks to wait " + retry + " s."));
        }
        if (s >= 500) {
            throw new AiProviderException(AiProviderException.SERVER_ERROR, "The provider had an internal error (HTTP " + s + ").");
        }
        if (s >= 300) {
            throw new AiProviderException(AiProviderException.BAD_RESPONSE, "The provider answered HTTP " + s
                    + "; check the base URL.");
        }
        try {
            return new JsonObject(body == null ? "" : body);
        } catch (DecodeException e) {
            throw new AiProviderException(AiProviderException.BAD_RESPONSE,
                    "The provider's answer was not JSON; check the base URL.");
        }
    }

    private static List<String> ids(JsonArray items, String field) {
        if (items == null) {
            throw new AiProviderException(AiProviderException.BAD_RESPONSE,
                    "The provider's model list had an unexpected shape; check the base URL.");
        }
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof JsonObject m && m.getString(field) != null) {
                out.add(m.getString(field));
            }
        }
        return out;
    }

    private static void bearer(HttpRequest<Buffer> r, String key) {
        if (key != null && !key.isBlank()) {
            r.putHeader("Authorization", "Bearer " + key);
        }
    }

    private static AiProviderException network(String url, Throwable e, Duration timeout) {
        if (e instanceof AiProviderException a) {
            return a;
        }
        if (e instanceof AddressNotAllowedException) {
            return new AiProviderException(AiProviderException.ADDRESS_NOT_ALLOWED, AddressNotAllowedException.MESSAGE);
        }
        String where = hostOf(url);
        return switch (NetFailure.of(e)) {
            case HOST_NOT_FOUND -> new AiProviderException(AiProviderException.HOST_NOT_FOUND, "The host " + where + " could not be found.");
            case CONNECTION_REFUSED -> new AiProviderException(AiProviderException.CONNECTION_REFUSED, "Nothing accepted the connection at " + where + ".");
            case TIMEOUT -> new AiProviderException(AiProviderException.TIMEOUT, where + " did not answer within " + timeout.toSeconds() + " s.");
            case TLS -> new AiProviderException(AiProviderException.TLS_FAILED, "The secure connection to " + where + " failed.");
            case CLOSED -> new AiProviderException(AiProviderException.BAD_RESPONSE, where + " closed the connection before answering.");
            case UNREACHABLE, OTHER -> new AiProviderException(AiProviderException.UNREACHABLE, where + " could not be reached.");
        };
    }

    private static String hostOf(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "the provider";
        }
    }

    private static String trim(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
