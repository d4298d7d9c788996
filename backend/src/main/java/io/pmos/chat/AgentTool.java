package io.pmos.chat;

import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** One tool the agent may call: its spec for the model, how risky a call is, and how to run it. */
public interface AgentTool {

    ToolSpec spec();

    /** How risky a call of this tool is by itself, before a workspace's override (RiskPolicy.forCall decides). */
    RiskPolicy.Rating rating();

    /** One of PMOS's own tools (the flow tools), whose level a workspace override cannot lower for viewers. */
    default boolean pmosOwn() {
        return false;
    }

    /** Whether a call by this name is for this tool (a stand-in answers for every tool of its server). */
    default boolean answers(String name) {
        return spec().name().equals(name);
    }

    /**
     * Why this tool cannot be called now, or null: a stand-in for the tools of an MCP server that could not be reached
     * (so they could not be listed). It is not offered to the model; a call for it is refused with this code and sentence.
     */
    default io.pmos.mcp.McpException unavailable() {
        return null;
    }

    /** Runs the call; the answer is what the model sees (untrusted text from the outside is kept as data). */
    Uni<JsonObject> run(Caller caller, JsonObject arguments, ToolContext context);

    /** What a running tool may report back into the trace. */
    interface ToolContext {
        void progress(double progress, Double total, String message);

        void flowChanged(String flowId, String flowName, String operation);
    }
}
