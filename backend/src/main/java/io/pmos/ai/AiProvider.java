package io.pmos.ai;

import java.util.Arrays;
import java.util.Optional;

/** The model providers PMOS speaks to, with their default API base; BUILTIN needs no model at all. */
public enum AiProvider {
    OPENAI("openai", "https://api.openai.com/v1", true),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1", true),
    GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", true),
    OLLAMA("ollama", "http://127.0.0.1:11434", false),
    OPENAI_COMPATIBLE("openai_compatible", null, false),
    BUILTIN("builtin", null, false);

    private final String id;
    private final String defaultBaseUrl;
    private final boolean keyRequired;

    AiProvider(String id, String defaultBaseUrl, boolean keyRequired) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyRequired = keyRequired;
    }

    public String id() {
        return id;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    public boolean needsModel() {
        return this != BUILTIN;
    }

    public static Optional<AiProvider> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(AiProvider::id).toList());
    }
}
