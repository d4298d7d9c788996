package io.pmos.mcp;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The beans as the application wires them: settings from PmosConfig, a session from the registry to the reference server. */
@QuarkusTest
class McpWiringTest {

    @Inject
    McpClient client;

    @Inject
    McpSessions sessions;

    @ConfigProperty(name = ReferenceMcpServerResource.URL_PROPERTY)
    String mcpUrl;

    @Test
    void registryOpensASessionWithTheConfiguredClient() {
        McpSettings settings = client.settings();
        assertEquals(Duration.ofSeconds(3), settings.requestTimeout(), "the test profile sets pmos.mcp.request-timeout");
        assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
        assertEquals(Duration.ofMinutes(10), settings.maxRequestTime());
        assertEquals(16 * 1024 * 1024, settings.maxResponseBytes());
        assertFalse(settings.clientVersion().isBlank());

        String key = McpSessions.key(UUID.randomUUID(), "everything");
        McpSession session = sessions.session(key, new McpEndpoint(mcpUrl)).await().atMost(Duration.ofSeconds(20));
        assertTrue(session.listTools().await().atMost(Duration.ofSeconds(20)).stream()
                .anyMatch(t -> t.name().equals("echo")));
        sessions.close(key).await().atMost(Duration.ofSeconds(20));
        assertFalse(session.isOpen());
    }
}
