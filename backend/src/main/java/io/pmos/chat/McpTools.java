package io.pmos.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.identity.Caller;
import io.pmos.mcp.McpAuth;
import io.pmos.mcp.McpCallOptions;
import io.pmos.mcp.McpEndpoint;
import io.pmos.mcp.McpSessions;
import io.pmos.mcp.McpTool;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every tool of the workspace's MCP connections, name-spaced as {@code <connection>__<tool>}. */
@ApplicationScoped
public class McpTools {

    private static final Logger LOG = Logger.getLogger(McpTools.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectorService connectors;
    private final McpSessions sessions;

    public McpTools(ConnectorService connectors, McpSessions sessions) {
        this.connectors = connectors;
        this.sessions = sessions;
        connectors.onChange(r -> {
            if (r.kind().equals(ConnectorRecord.MCP)) {
                sessions.close(McpSessions.key(r.workspaceId(), r.id().toString())).subscribe().with(v -> { }, e -> { });
            }
        });
    }

    public Uni<List<AgentTool>> toolsFor(Caller caller) {
        return connectors.records(caller.workspaceId()).flatMap(rows -> {
            List<Uni<List<AgentTool>>> perServer = new ArrayList<>();
            for (ConnectorRecord r : rows) {
                if (r.kind().equals(ConnectorRecord.MCP)) {
                    perServer.add(toolsOf(r).onFailure().recoverWithItem(e -> {
                        LOG.debugf("MCP connection %s unavailable for chat: %s", r.name(), e.getMessage());
                        return List.of();
                    }));
                }
            }
            if (perServer.isEmpty()) {
                return Uni.createFrom().item(List.<AgentTool>of());
            }
            return Uni.join().all(perServer).andFailFast()
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
        });
    }

    private Uni<List<AgentTool>> toolsOf(ConnectorRecord r) {
        McpEndpoint endpoint = endpoint(r);
        String key = McpSessions.key(r.workspaceId(), r.id().toString());
        return sessions.session(key, endpoint).flatMap(s -> s.listTools()).map(tools -> {
            List<AgentTool> out = new ArrayList<>();
            for (McpTool t : tools) {
                out.add(tool(r, key, endpoint, t));
            }
            return out;
        });
    }

    private AgentTool tool(ConnectorRecord r, String key, McpEndpoint endpoint, McpTool t) {
        String name = (r.name() + "__" + t.name()).replaceAll("[^A-Za-z0-9_-]", "_");
        String qualified = name.length() > 64 ? name.substring(0, 64) : name;
        JsonObject schema = t.inputSchema() == null ? new JsonObject().put("type", "object")
                : new JsonObject(t.inputSchema().toString());
        String description = "[" + r.name() + "] " + (t.description() == null ? t.name() : TraceSanitizer.clip(t.description()));
        ToolSpec spec = new ToolSpec(qualified, description, schema);
        Boolean readOnly = t.annotations() == null ? null : t.annotations().readOnlyHint();
        Boolean destructive = t.annotations() == null ? null : t.annotations().destructiveHint();
        RiskPolicy.Level level = RiskPolicy.mcpLevel(t.name(), readOnly, destructive);
        RiskPolicy.Rating rating = new RiskPolicy.Rating(level, "the tool " + t.name() + " of " + r.name()
                + RiskPolicy.mcpWhy(t.name(), level, readOnly != null || destructive != null));
        return new AgentTool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public RiskPolicy.Rating rating() {
                return rating;
            }

            @Override
            public Uni<JsonObject> run(Caller caller, JsonObject arguments, ToolContext context) {
                McpCallOptions options = McpCallOptions.defaults()
                        .withProgress(p -> context.progress(p.progress(), p.total(), p.message()));
                return sessions.session(key, endpoint).flatMap(s -> {
                    try {
                        return s.callTool(t.name(), JSON.readTree(arguments.encode()), options);
                    } catch (Exception e) {
                        return Uni.createFrom().failure(e);
                    }
                }).map(result -> {
                    JsonObject out = new JsonObject().put("isError", result.isError())
                            .put("text", TraceSanitizer.clip(result.text()));
                    if (result.structuredContent() != null) {
                        out.put("structuredContent", new JsonObject(result.structuredContent().toString()));
                    }
                    return out;
                });
            }
        };
    }

    private McpEndpoint endpoint(ConnectorRecord r) {
        String secret = connectors.secretOf(r);
        String mode = r.setting("authMode") == null ? "none" : r.setting("authMode").toLowerCase(Locale.ROOT);
        return new McpEndpoint(r.setting("url"), switch (mode) {
            case "bearer" -> McpAuth.bearer(secret);
            case "header" -> McpAuth.header(r.setting("headerName"), secret);
            default -> McpAuth.none();
        });
    }
}
