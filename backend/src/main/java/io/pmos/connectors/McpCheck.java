package io.pmos.connectors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pmos.connectors.ConnectorChecks.Result;
import io.pmos.connectors.ConnectorDtos.CheckResult;
import io.pmos.mcp.McpAuth;
import io.pmos.mcp.McpClient;
import io.pmos.mcp.McpEndpoint;
import io.pmos.mcp.McpException;
import io.pmos.mcp.McpSession;
import io.pmos.mcp.McpTool;
import io.pmos.mcp.McpToolResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

/**
 * Tests an MCP connection on a fresh session: handshake (server, version, protocol), tools/list, and — because
 * listing tools proves nothing about the key (BCGPT lists them for anybody) — the identity tool when one is set.
 */
@ApplicationScoped
public class McpCheck {

    private static final List<String> REFUSALS = List.of("not recognized", "not_authenticated", "not authenticated",
            "invalid api key", "invalid key", "unauthorized");

    private final McpClient client;

    public McpCheck(McpClient client) {
        this.client = client;
    }

    public Uni<CheckResult> check(ConnectorRecord r, String secret, Result res) {
        String mode = r.setting("authMode");
        if (r.setting("url") == null || !"none".equals(mode) && (secret == null || secret.isBlank())) {
            return Uni.createFrom().item(res.fail("MCP_NOT_CONFIGURED", r.setting("url") == null
                    ? "The MCP server address is missing." : "No key is stored for this MCP server.", null));
        }
        res.configured = true;
        McpEndpoint endpoint;
        try {
            endpoint = new McpEndpoint(r.setting("url"), switch (mode) {
                case "bearer" -> McpAuth.bearer(secret);
                case "header" -> McpAuth.header(r.setting("headerName"), secret);
                default -> McpAuth.none();
            });
        } catch (McpException e) {
            return Uni.createFrom().item(res.fail(e.code().name(), e.getMessage(), null));
        }
        String identity = r.setting("identityTool");
        return client.connect(endpoint).flatMap(session -> {
                    res.reachable = true;
                    res.details.put("serverName", session.initializeResult().serverInfo().name());
                    res.details.put("serverVersion", session.initializeResult().serverInfo().version());
                    res.details.put("protocolVersion", session.protocolVersion());
                    return session.listTools()
                            .flatMap(tools -> {
                                res.details.put("toolCount", tools.size());
                                if (identity == null) {
                                    res.authOk = true;
                                    res.details.put("identity", "not checked: no identity tool is set, and listing tools does not prove the key");
                                    return Uni.createFrom().item(res.pass());
                                }
                                if (tools.stream().map(McpTool::name).noneMatch(identity::equals)) {
                                    return Uni.createFrom().item(res.fail("MCP_IDENTITY_TOOL_MISSING",
                                            "The server has no tool named '" + identity + "'.", null));
                                }
                                return session.callTool(identity, JsonNodeFactory.instance.objectNode())
                                        .map(result -> identityResult(res, identity, result));
                            })
                            .eventually(session::close);
                })
                .onFailure(McpException.class).recoverWithItem(e -> {
                    McpException m = (McpException) e;
                    if (m.code().name().equals("MCP_AUTH_FAILED") || m.httpStatus() != null) {
                        res.reachable = true;
                    }
                    return res.fail(m.code().name(), m.getMessage(), null);
                })
                .onFailure().recoverWithItem(e -> res.fail("MCP_UNREACHABLE", "The test could not complete.", null));
    }

    private static CheckResult identityResult(Result res, String tool, McpToolResult result) {
        String text = result.text();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean refused = result.isError() || REFUSALS.stream().anyMatch(lower::contains);
        if (refused) {
            res.details.put("identity", "refused");
            return res.fail("MCP_IDENTITY_FAILED", "The server listed its tools, but '" + tool
                    + "' refused the key" + (text.isBlank() ? "." : ": " + clip(text)), null);
        }
        res.authOk = true;
        res.details.put("identity", clip(text));
        return res.pass();
    }

    /** Tool output is untrusted text: keep it short and on one line before it is stored or shown. */
    private static String clip(String text) {
        String one = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
