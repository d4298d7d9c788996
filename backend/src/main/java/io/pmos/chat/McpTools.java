package io.pmos.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmos.chat.ModelTypes.ToolSpec;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.identity.Caller;
import io.pmos.mcp.McpAuth;
import io.pmos.mcp.McpCallOptions;
import io.pmos.mcp.McpEndpoint;
import io.pmos.mcp.McpErrorCode;
import io.pmos.mcp.McpException;
import io.pmos.mcp.McpSession;
import io.pmos.mcp.McpSessions;
import io.pmos.mcp.McpTool;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tool of the workspace's MCP connections, name-spaced as {@code <connection>__<tool>}. While a server cannot be
 * reached, the tools it listed last are still offered (a call says the server could not be reached, and what to do);
 * when it never listed any, a stand-in answers for its names with the same sentence.
 */
@ApplicationScoped
public class McpTools {

    private static final Logger LOG = Logger.getLogger(McpTools.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectorService connectors;
    private final McpSessions sessions;
    /** The tools each connection listed last, by session key; kept for as long as its endpoint stays the same. */
    private final Map<String, Listed> listed = new ConcurrentHashMap<>();

    /** Failures that mean the server could not be reached at all (rather than that it answered wrongly). */
    static final Set<McpErrorCode> UNREACHABLE = Set.of(McpErrorCode.MCP_UNREACHABLE, McpErrorCode.MCP_CONNECTION_REFUSED,
            McpErrorCode.MCP_HOST_NOT_FOUND);

    private record Listed(McpEndpoint endpoint, List<McpTool> tools) {
    }

    public McpTools(ConnectorService connectors, McpSessions sessions) {
        this.connectors = connectors;
        this.sessions = sessions;
        connectors.onChange(r -> {
            if (r.kind().equals(ConnectorRecord.MCP)) {
                listed.remove(McpSessions.key(r.workspaceId(), r.id().toString()));
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
        return sessions.session(key, endpoint).flatMap(McpSession::listTools)
                .invoke(tools -> listed.put(key, new Listed(endpoint, tools)))
                .onFailure().recoverWithUni(e -> {
                    Listed last = listed.get(key);
                    if (last == null || !last.endpoint().equals(endpoint)) {
                        return Uni.createFrom().failure(e);
                    }
                    LOG.debugf("MCP connection %s unavailable for chat, offering the tools it listed last: %s", r.name(), e.getMessage());
                    return Uni.createFrom().item(last.tools());
                })
                .map(tools -> {
                    List<AgentTool> out = new ArrayList<>();
                    for (McpTool t : tools) {
                        out.add(tool(r, key, endpoint, t));
                    }
                    return out;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("MCP connection %s unavailable for chat: %s", r.name(), e.getMessage());
                    return List.of(standIn(r, couldNotUse(r.name(), null, e)));
                });
    }

    /** The prefix of every tool name of a connection. */
    private static String prefix(ConnectorRecord r) {
        return r.name().replaceAll("[^A-Za-z0-9_-]", "_") + "__";
    }

    /**
     * The failure as a person should read it: for a server that could not be reached, which server, that nothing ran,
     * and what to do; other failures keep their own sentence (the stand-in adds which server).
     */
    static McpException couldNotUse(String server, String tool, Throwable e) {
        McpException m = e instanceof McpException x ? x : new McpException(McpErrorCode.MCP_UNREACHABLE,
                "PMOS could not connect to the MCP server.");
        if (UNREACHABLE.contains(m.code())) {
            return new McpException(m.code(), "The MCP server '" + server + "' could not be reached, so "
                    + (tool == null ? "its tools are not available right now" : "the tool '" + tool + "' did not run")
                    + ". " + m.getMessage() + " Check that the server is running, test its connection on the "
                    + "Integrations page, then try again.");
        }
        return tool != null ? m : new McpException(m.code(), "PMOS could not use the MCP server '" + server + "': "
                + m.getMessage() + " Test its connection on the Integrations page, then try again.");
    }

    /** Answers for every tool name of a connection whose tools could not be listed; never runs anything. */
    private AgentTool standIn(ConnectorRecord r, McpException why) {
        String prefix = prefix(r);
        ToolSpec spec = new ToolSpec(prefix + "unavailable", "[" + r.name() + "] " + why.getMessage(),
                new JsonObject().put("type", "object"));
        RiskPolicy.Rating rating = new RiskPolicy.Rating(RiskPolicy.Level.READ, "no tool of " + r.name() + " can run now");
        return new Described(spec, rating) {
            @Override
            public boolean answers(String name) {
                return name.startsWith(prefix);
            }

            @Override
            public McpException unavailable() {
                return why;
            }

            @Override
            public Uni<JsonObject> run(Caller caller, JsonObject arguments, ToolContext context) {
                return Uni.createFrom().failure(why);
            }
        };
    }

    private AgentTool tool(ConnectorRecord r, String key, McpEndpoint endpoint, McpTool t) {
        String name = prefix(r) + t.name().replaceAll("[^A-Za-z0-9_-]", "_");
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
        return new Described(spec, rating) {
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
                }).onFailure(McpException.class).transform(e -> couldNotUse(r.name(), t.name(), e));
            }
        };
    }

    /** A tool with a fixed spec and rating; subclasses say how it runs. */
    private abstract static class Described implements AgentTool {
        private final ToolSpec spec;
        private final RiskPolicy.Rating rating;

        Described(ToolSpec spec, RiskPolicy.Rating rating) {
            this.spec = spec;
            this.rating = rating;
        }

        @Override
        public ToolSpec spec() {
            return spec;
        }

        @Override
        public RiskPolicy.Rating rating() {
            return rating;
        }
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
