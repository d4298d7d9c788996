package io.pmos.chat;

import java.util.Locale;

/** A model call that failed, sorted into a code and a sentence for the trace (never with the key or the body). */
public class ModelFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ModelFailure(String code, String message, boolean retryable) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    static ModelFailure of(Throwable error) {
        if (error instanceof ModelFailure f) {
            return f;
        }
        String type = error.getClass().getSimpleName();
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        if (type.contains("Authentication") || message.contains("401") || message.contains("invalid api key")
                || message.contains("incorrect api key")) {
            return new ModelFailure("AI_KEY_INVALID", "The AI provider refused the API key. An admin can fix it in Setup.", false);
        }
        if (type.contains("RateLimit") || message.contains("429") || message.contains("rate limit")) {
            return new ModelFailure("AI_RATE_LIMITED", "The AI provider is rate-limiting this key; PMOS tried again and gave up. Try again in a minute.", true);
        }
        if (message.contains("context") && (message.contains("length") || message.contains("too long") || message.contains("window"))) {
            return new ModelFailure("AI_CONTEXT_TOO_LONG", "The conversation is too long for this model: start a new conversation.", false);
        }
        if (type.contains("ModelNotFound") || message.contains("model") && message.contains("not found")) {
            return new ModelFailure("AI_MODEL_NOT_FOUND", "The AI provider does not offer this model. An admin can pick another in Setup.", false);
        }
        if (type.contains("Timeout") || message.contains("timed out") || message.contains("timeout")) {
            return new ModelFailure("AI_TIMEOUT", "The AI provider did not answer in time.", true);
        }
        if (type.contains("InternalServer") || message.matches(".*\\b5\\d\\d\\b.*")) {
            return new ModelFailure("AI_SERVER_ERROR", "The AI provider had an internal error.", true);
        }
        if (message.contains("json") || type.contains("Json") || type.contains("Parse")) {
            return new ModelFailure("AI_BAD_RESPONSE", "The AI provider's answer could not be read (malformed tool call or JSON).", false);
        }
        return new ModelFailure("AI_UNAVAILABLE", "The AI provider could not be reached.", true);
    }
}
