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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tests an MCP connection on a fresh session: handshake (server, version, protocol), tools/list, and — because
 * listing tools proves nothing about the key (BCGPT lists them for anybody) — the identity tool when one is set.
 * Without an identity tool a keyed connection is "connected, key not verified" (unverified), never passed; the
 * server's tools that look like identity checks are offered in {@code details.identityCandidates}. A server that
 * identifies itself as BCGPT must also answer its {@code GET /health} (on the server's origin).
 */
@ApplicationScoped
public class McpCheck {

    private static final List<String> REFUSALS = List.of("not recognized", "not_authenticated", "not authenticated",
            "invalid api key", "invalid key", "unauthorized");

    private static final Pattern IDENTITY_NAME = Pattern.compile(
            "whoami|currentuser|getme|userinfo|profile|myaccount|accountinfo|authstatus|getuser$|viewer$");
    // The test calls the identity tool with no arguments: a tool that changes things is never offered.
    private static final Pattern WRITE_VERB = Pattern.compile(
            "(^|[^a-z])(update|set|delete|remove|create|add|edit|change|reset|revoke|trash|send|post|write)([^a-z]|$)");
    private static final int MAX_CANDIDATES = 5;

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
                    boolean bcgpt = isBcgpt(session.initializeResult().serverInfo().name());
                    return session.listTools()
                            .flatMap(tools -> {
                                res.details.put("toolCount", tools.size());
                                List<String> candidates = identityCandidates(tools);
                                if (!candidates.isEmpty()) {
                                    res.details.put("identityCandidates", candidates);
                                }
                                if (identity == null) {
                                    if ("none".equals(mode)) {
                                        res.authOk = true;
                                        return Uni.createFrom().item(res.pass());
                                    }
                                    res.details.put("keyVerified", false);
                                    res.details.put("identity", "not checked: no identity tool is set, and listing "
                                            + "tools does not prove the key"
                                            + (candidates.isEmpty() ? "" : " (try " + String.join(", ", candidates) + ")"));
                                    return Uni.createFrom().item(res.unverified());
                                }
                                if (tools.stream().map(McpTool::name).noneMatch(identity::equals)) {
                                    return Uni.createFrom().item(res.fail("MCP_IDENTITY_TOOL_MISSING",
                                            "The server has no tool named '" + identity + "'"
                                                    + (candidates.isEmpty() ? "." : "; tools that look like identity "
                                                    + "checks: " + String.join(", ", candidates) + "."), null));
                                }
                                return session.callTool(identity, JsonNodeFactory.instance.objectNode())
                                        .map(result -> identityResult(res, identity, result));
                            })
                            .flatMap(result -> bcgpt && result.ok() ? health(endpoint, res, result) : Uni.createFrom().item(result))
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
        res.details.put("keyVerified", true);
        res.details.put("identity", clip(text));
        return res.pass();
    }

    /** BCGPT's own health check: GET <origin>/health must answer 2xx, or the test fails with what to do. */
    private Uni<CheckResult> health(McpEndpoint endpoint, Result res, CheckResult passed) {
        URI uri = URI.create(endpoint.url());
        String url = uri.getScheme() + "://" + uri.getRawAuthority() + "/health";
        return client.probe(url)
                .map(status -> {
                    res.details.put("health", status >= 200 && status < 300 ? "ok" : "HTTP " + status);
                    if (status >= 200 && status < 300) {
                        return passed;
                    }
                    return res.fail("MCP_HEALTH_FAILED", "BCGPT answered over MCP, but its health check " + url
                            + " answered HTTP " + status + ".", null);
                })
                .onFailure().recoverWithItem(e -> {
                    res.details.put("health", "no answer");
                    return res.fail("MCP_HEALTH_FAILED", "BCGPT answered over MCP, but nothing answered its health "
                            + "check " + url + ".", null);
                });
    }

    /** Whether the server says it is BCGPT (its initialize serverInfo name). */
    static boolean isBcgpt(String serverName) {
        return serverName != null && serverName.toLowerCase(Locale.ROOT).contains("bcgpt");
    }

    /** The server's tools whose names look like identity checks (whoami, me, current user, profile ...). */
    static List<String> identityCandidates(List<McpTool> tools) {
        List<String> out = new ArrayList<>();
        for (McpTool t : tools) {
            // getCurrentUser, get-current-user and get_current_user alike: words split at case changes and separators.
            String words = t.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            String joined = words.replaceAll("[^a-z0-9]", "");
            boolean me = List.of(words.split("[^a-z0-9]+")).contains("me");
            boolean writes = WRITE_VERB.matcher(words).find();
            if ((me || IDENTITY_NAME.matcher(joined).find()) && !writes && out.size() < MAX_CANDIDATES) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** Tool output is untrusted text: keep it short and on one line before it is stored or shown. */
    private static String clip(String text) {
        String one = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
