package io.pmos.mcp;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running the reference MCP server for one test class:
 * {@code @RegisterExtension static final ReferenceMcpServerExtension MCP = new ReferenceMcpServerExtension(...)}.
 */
public final class ReferenceMcpServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final ReferenceMcpServer.Transport transport;
    private ReferenceMcpServer server;

    public ReferenceMcpServerExtension(ReferenceMcpServer.Transport transport) {
        this.transport = transport;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ReferenceMcpServer.start(transport);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }
}
