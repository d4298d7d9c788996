package io.pmos.chat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.pmos.ai.AiProvider;
import io.pmos.chat.ModelTypes.Reply;
import io.pmos.chat.ModelTypes.Request;
import io.pmos.chat.ModelTypes.ToolCall;
import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.chat.ModelTypes.Turn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A model behind one provider's wire format, through the langchain4j provider modules (streaming); PMOS keeps the
 * loop, so this only turns PMOS's transcript and tools into a request and the streamed answer back into a Reply.
 */
final class LangchainModel implements ModelTypes.Model {

    private final AiProvider provider;
    private final String modelName;
    private final StreamingChatModel model;
    private final ModelHttpClient http;
    private final Duration timeout;

    private LangchainModel(AiProvider provider, String modelName, StreamingChatModel model, ModelHttpClient http,
                           Duration timeout) {
        this.provider = provider;
        this.modelName = modelName;
        this.model = model;
        this.http = http;
        this.timeout = timeout;
    }

    /** One model for one run: its calls go one after the other through its own transport on the shared JDK client. */
    static LangchainModel create(AiProvider provider, String modelName, String baseUrl, String key,
                                 java.net.http.HttpClient jdk, io.pmos.net.OutboundPolicy policy,
                                 java.util.concurrent.Executor resolver, Duration timeout) {
        String base = baseUrl != null ? baseUrl : provider.defaultBaseUrl();
        ModelHttpClient.Builder http = new ModelHttpClient.Builder(jdk, policy, resolver);
        StreamingChatModel model = switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base)
                    .apiKey(key == null || key.isBlank() ? "none" : key).modelName(modelName).timeout(timeout).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base)
                    .apiKey(key).modelName(modelName).timeout(timeout).build();
            case GEMINI -> GoogleAiGeminiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).apiKey(key)
                    .modelName(modelName).timeout(timeout).build();
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).modelName(modelName)
                    .timeout(timeout).build();
            case BUILTIN -> throw new IllegalArgumentException("the built-in mode has no provider model");
        };
        return new LangchainModel(provider, modelName, model, http.client(), timeout);
    }

    @Override
    public String provider() {
        return provider.id();
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public Uni<Reply> complete(Request request, Consumer<String> onDelta) {
        ChatRequest chat = ChatRequest.builder().messages(messages(request)).toolSpecifications(tools(request.tools())).build();
        return Uni.createFrom().<Reply>emitter(emitter -> {
            // Some adapters (Anthropic, Ollama) never answer when a stream ends without its final event: say so.
            http.onStreamEnd(() -> emitter.fail(new ModelFailure("AI_INCOMPLETE",
                    "The AI provider's answer broke off before it was complete.", true)));
            // A cancelled or timed-out call drops its connection instead of reading on in the background.
            emitter.onTermination(http::abort);
            model.chat(chat, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {
                    onDelta.accept(partial);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    try {
                        emitter.complete(reply(response));
                    } catch (ModelFailure f) {
                        emitter.fail(f);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    emitter.fail(ModelFailure.of(error));
                }
            });
        }).ifNoItem().after(timeout).failWith(() -> new ModelFailure("AI_TIMEOUT",
                "The AI provider did not finish its answer within " + timeout.toSeconds() + " seconds.", false));
    }

    private static List<ChatMessage> messages(Request request) {
        List<ChatMessage> out = new ArrayList<>();
        if (request.system() != null) {
            out.add(SystemMessage.from(request.system()));
        }
        for (Turn t : request.transcript()) {
            switch (t.role()) {
                case "user" -> out.add(UserMessage.from(t.text()));
                case "tool" -> out.add(ToolExecutionResultMessage.from(t.toolCallId(), t.toolName(), t.text()));
                default -> {
                    List<ToolExecutionRequest> calls = new ArrayList<>();
                    if (t.toolCalls() != null) {
                        for (ToolCall c : t.toolCalls()) {
                            // Anthropic, Gemini and Ollama re-parse these and would fail the whole request on broken JSON;
                            // the tool result already told the model its arguments were not valid.
                            calls.add(ToolExecutionRequest.builder().id(c.id()).name(c.name())
                                    .arguments(isJsonObject(c.arguments()) ? c.arguments() : "{}").build());
                        }
                    }
                    out.add(calls.isEmpty() ? AiMessage.from(t.text() == null ? "" : t.text())
                            : t.text() == null || t.text().isBlank() ? AiMessage.from(calls) : AiMessage.from(t.text(), calls));
                }
            }
        }
        return out;
    }

    private Reply reply(ChatResponse response) {
        AiMessage ai = response.aiMessage();
        FinishReason finish = response.finishReason();
        // OpenAI's and Gemini's adapters accept a stream that just stops; their real APIs always end with a finish reason.
        if (finish == null && (provider == AiProvider.OPENAI || provider == AiProvider.GEMINI)) {
            throw new ModelFailure("AI_INCOMPLETE", "The AI provider's answer broke off before it was complete.", true);
        }
        // Nothing usable, e.g. Gemini's MALFORMED_FUNCTION_CALL or a content filter: say so instead of an empty answer.
        if (!ai.hasToolExecutionRequests() && (ai.text() == null || ai.text().isBlank())
                && (finish == FinishReason.OTHER || finish == FinishReason.CONTENT_FILTER)) {
            throw new ModelFailure("AI_BAD_RESPONSE", finish == FinishReason.CONTENT_FILTER
                    ? "The AI provider withheld its answer (content filter)."
                    : "The AI provider ended its answer without text or a valid tool call.", false);
        }
        List<ToolCall> calls = new ArrayList<>();
        if (ai.hasToolExecutionRequests()) {
            for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                // Gemini and Ollama send no call ids; approvals are keyed by run and call id, so they must be unique in a run.
                calls.add(new ToolCall(r.id() == null || r.id().isBlank() ? "call_" + UUID.randomUUID().toString().replace("-", "")
                        .substring(0, 12) : r.id(), r.name(), r.arguments()));
            }
        }
        Integer in = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
        Integer out = response.tokenUsage() == null ? null : response.tokenUsage().outputTokenCount();
        return new Reply(ai.text(), calls, in, out);
    }

    private static boolean isJsonObject(String text) {
        if (text == null) {
            return false;
        }
        try {
            new JsonObject(text);
            return true;
        } catch (DecodeException | ClassCastException e) {
            return false;
        }
    }

    private static List<ToolSpecification> tools(List<ToolSpec> specs) {
        List<ToolSpecification> out = new ArrayList<>();
        for (ToolSpec s : specs) {
            out.add(ToolSpecification.builder().name(s.name()).description(s.description())
                    .parameters((JsonObjectSchema) schema(s.inputSchema(), true)).build());
        }
        return out;
    }

    /** JSON Schema (as MCP servers and PMOS's own tools write it) to langchain4j's schema elements. */
    static JsonSchemaElement schema(JsonObject s, boolean root) {
        String type = s == null ? "object" : s.getValue("type") instanceof String t ? t : "object";
        String description = s == null ? null : s.getString("description");
        if (s != null && s.getJsonArray("enum") != null) {
            List<String> values = new ArrayList<>();
            s.getJsonArray("enum").forEach(v -> values.add(String.valueOf(v)));
            return JsonEnumSchema.builder().enumValues(values).description(description).build();
        }
        if (root || "object".equals(type)) {
            JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
            JsonObject props = s == null ? new JsonObject() : s.getJsonObject("properties", new JsonObject());
            props.forEach(e -> b.addProperty(e.getKey(), schema(e.getValue() instanceof JsonObject o ? o : new JsonObject(), false)));
            JsonArray required = s == null ? null : s.getJsonArray("required");
            if (required != null) {
                List<String> names = new ArrayList<>();
                required.forEach(r -> names.add(String.valueOf(r)));
                b.required(names);
            }
            return b.build();
        }
        return switch (type) {
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "array" -> JsonArraySchema.builder().description(description)
                    .items(schema(s.getJsonObject("items", new JsonObject().put("type", "string")), false)).build();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }
}
