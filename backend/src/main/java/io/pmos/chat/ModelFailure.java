package io.pmos.chat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A model call that failed, sorted into a code and a sentence for the trace (never with the key or the body). */
public class ModelFailure extends RuntimeException {

    // Gemini says how long to wait in the body (google.rpc.RetryInfo), not in a Retry-After header.
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retrydelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    private final String code;
    private final boolean retryable;
    private final transient Duration retryAfter;

    public ModelFailure(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    public ModelFailure(String code, String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked PMOS to wait before trying again; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Sorts what langchain4j 1.11 reports: its exception types (mapped from the HTTP status: Authentication 401/403,
     * RateLimit 429, ModelNotFound 404, InvalidRequest other 4xx, InternalServer 5xx, Timeout) with the provider's
     * error body as message, or a plain RuntimeException carrying the body of an error event inside a stream.
     */
    static ModelFailure of(Throwable error) {
        if (error instanceof ModelFailure f) {
            return f;
        }
        if (find(error, io.pmos.net.AddressNotAllowedException.class) != null) {
            return new ModelFailure(io.pmos.net.AddressNotAllowedException.CODE, io.pmos.net.AddressNotAllowedException.MESSAGE
                    + " An admin can change the AI provider's address in Setup.", false);
        }
        HttpException http = find(error, HttpException.class);
        int status = http == null ? -1 : http.statusCode();
        String body = lower(http != null ? http.getMessage() : error.getMessage());
        if (status == 401 || status == 403 || error instanceof AuthenticationException || body.contains("api_key_invalid")
                || body.contains("api key not valid") || body.contains("invalid x-api-key") || body.contains("invalid_api_key")) {
            return new ModelFailure("AI_KEY_INVALID", "The AI provider refused the API key. An admin can fix it in Setup.", false);
        }
        if (status == 429 || error instanceof RateLimitException || body.contains("rate_limit_error")
                || body.contains("resource_exhausted")) {
            Duration wait = http instanceof ModelHttpClient.Refused r && r.retryAfter() != null ? r.retryAfter() : retryDelay(body);
            return new ModelFailure("AI_RATE_LIMITED",
                    "The AI provider is rate-limiting this key; PMOS tried again and gave up. Try again in a minute.", true, wait);
        }
        if (body.contains("context_length_exceeded") || body.contains("context length") || body.contains("prompt is too long")
                || body.contains("exceeds the maximum number of tokens") || body.contains("context window")) {
            return new ModelFailure("AI_CONTEXT_TOO_LONG", "The conversation is too long for this model: start a new conversation.", false);
        }
        if (status == 404 || error instanceof ModelNotFoundException) {
            return new ModelFailure("AI_MODEL_NOT_FOUND", "The AI provider does not offer this model. An admin can pick another in Setup.", false);
        }
        if (error instanceof TimeoutException || status == 408 || find(error, HttpTimeoutException.class) != null) {
            return new ModelFailure("AI_TIMEOUT", "The AI provider did not answer in time.", false);
        }
        if (status >= 500 || error instanceof InternalServerException || body.contains("overloaded_error")
                || body.contains("\"api_error\"") || body.contains("server_error")) {
            return new ModelFailure("AI_SERVER_ERROR", "The AI provider had an internal error; PMOS tried again and gave up.", true);
        }
        if (status >= 400 || error instanceof InvalidRequestException) {
            return new ModelFailure("AI_REQUEST_REFUSED", "The AI provider refused PMOS's request" + (status > 0 ? " (HTTP " + status + ")" : "")
                    + ". If it keeps happening, an admin can check the model in Setup.", false);
        }
        if (error instanceof UnresolvedModelServerException || find(error, IOException.class) != null) {
            return new ModelFailure("AI_UNAVAILABLE", "The AI provider could not be reached.", true);
        }
        if (body.contains("json") || find(error, com.fasterxml.jackson.core.JsonProcessingException.class) != null) {
            return new ModelFailure("AI_BAD_RESPONSE", "The AI provider's answer could not be read.", false);
        }
        return new ModelFailure("AI_UNAVAILABLE", "The AI provider could not be reached.", true);
    }

    /** The same failure, said when the provider asks for a longer wait than PMOS sits out. */
    ModelFailure waitTooLong() {
        long seconds = retryAfter == null ? 0 : retryAfter.toSeconds();
        String wait = seconds >= 120 ? "about " + Math.round(seconds / 60.0) + " minutes" : seconds + " seconds";
        return new ModelFailure(code, "The AI provider is rate-limiting this key and asks to wait " + wait + "; try again after that.",
                false, retryAfter);
    }

    private static Duration retryDelay(String body) {
        Matcher m = RETRY_DELAY.matcher(body.replace(" ", ""));
        return m.find() ? Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000)) : null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
