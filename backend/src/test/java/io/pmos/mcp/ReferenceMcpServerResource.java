package io.pmos.mcp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The reference MCP server for {@code @QuarkusTest} classes: {@code @QuarkusTestResource(ReferenceMcpServerResource.class)}
 * starts it before the application and exposes its Streamable HTTP endpoint as config {@code pmos-test.mcp-url}
 * and as the local MCP choice {@code pmos.local.mcp-url}.
 * Not under {@code pmos.}: PmosConfig's mapping rejects unknown keys there, and a test URL has no place in it.
 */
public class ReferenceMcpServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "pmos-test.mcp-url";

    private ReferenceMcpServer server;

    @Override
    public Map<String, String> start() {
        server = ReferenceMcpServer.start(ReferenceMcpServer.Transport.STREAMABLE_HTTP);
        // Also PMOS's "local" MCP choice, as `make run` offers its demo server in the wizard.
        return Map.of(URL_PROPERTY, server.url(), "pmos.local.mcp-url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
