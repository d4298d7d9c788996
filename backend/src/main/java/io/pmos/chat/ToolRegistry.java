package io.pmos.chat;

import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Every tool the agent may call for a caller: the flow tools and the tools of the workspace's MCP connections. */
@ApplicationScoped
public class ToolRegistry {

    private final FlowTools flowTools;
    private final McpTools mcpTools;

    public ToolRegistry(FlowTools flowTools, McpTools mcpTools) {
        this.flowTools = flowTools;
        this.mcpTools = mcpTools;
    }

    public Uni<List<AgentTool>> toolsFor(Caller caller) {
        return mcpTools.toolsFor(caller).map(mcp -> {
            List<AgentTool> all = new ArrayList<>(flowTools.tools());
            all.addAll(mcp);
            return all;
        });
    }
}
