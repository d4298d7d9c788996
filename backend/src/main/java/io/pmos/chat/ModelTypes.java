package io.pmos.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Consumer;

/** The provider-neutral conversation the agent loop keeps and every model adapter speaks. */
public final class ModelTypes {

    private ModelTypes() {
    }

    /** One turn: a user or assistant message, or one tool's result (role "tool"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Turn(String role, String text, List<ToolCall> toolCalls, String toolCallId, String toolName) {

        public static Turn user(String text) {
            return new Turn("user", text, null, null, null);
        }

        public static Turn assistant(String text, List<ToolCall> calls) {
            return new Turn("assistant", text, calls == null || calls.isEmpty() ? null : calls, null, null);
        }

        public static Turn toolResult(ToolCall call, String text) {
            return new Turn("tool", text, null, call.id(), call.name());
        }
    }

    /** A tool call as the model asked for it; arguments are raw JSON text (models sometimes send broken JSON). */
    public record ToolCall(String id, String name, String arguments) {
    }

    /** A tool the model may call: name, description, JSON Schema of its arguments. */
    public record ToolSpec(String name, String description, io.vertx.core.json.JsonObject inputSchema) {
    }

    public record Request(String system, List<Turn> transcript, List<ToolSpec> tools) {
    }

    /** What the model answered in one step, with token usage where the provider reports it. */
    public record Reply(String text, List<ToolCall> toolCalls, Integer inputTokens, Integer outputTokens) {

        public boolean wantsTools() {
            return toolCalls != null && !toolCalls.isEmpty();
        }
    }

    /** One model behind one provider's wire format; streams text deltas while it answers. */
    public interface Model {
        io.smallrye.mutiny.Uni<Reply> complete(Request request, Consumer<String> onDelta);

        String provider();

        String modelName();
    }
}
