package io.pmos.chat;

import io.pmos.TestSupport;
import io.pmos.mcp.ReferenceMcpServerResource;
import io.pmos.testing.FaultProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 7: while an MCP server cannot be reached (the test's fault proxy in front of the reference server is
 * cut), a chat asking for one of its tools hears which server could not be reached and what to do, with a code, instead
 * of "There is no tool called ...".
 */
@QuarkusTest
class McpUnreachableChatTest {

    private static final String ECHO = "call tool local__echo with {\"message\": \"are you there\"}";

    @ConfigProperty(name = ReferenceMcpServerResource.URL_PROPERTY)
    String mcpUrl;

    private FaultProxy proxy;
    private String admin;
    private String conversation;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        URI server = URI.create(mcpUrl);
        proxy = FaultProxy.to(server.getHost(), server.getPort());
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("mcp", List.of(Map.of("name", "local", "authMode", "none",
                        "url", "http://127.0.0.1:" + proxy.port() + server.getPath()))))
                .put("/api/pmos/connectors").then().statusCode(200);
        conversation = ChatApi.conversation(admin, "Outage");
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    private JsonPath ask(String text) {
        return ChatApi.awaitEvent(admin, ChatApi.send(admin, conversation, text), "run.finished");
    }

    /** The words and code of the run's tool.finished for local__echo, and the answer the person reads. */
    private static void assertServerUnreachable(JsonPath trace) {
        String error = trace.getString("events.find { it.type == 'tool.finished' }.data.error");
        assertEquals("local__echo", trace.getString("events.find { it.type == 'tool.finished' }.data.tool"));
        assertEquals("error", trace.getString("events.find { it.type == 'tool.finished' }.data.status"));
        assertEquals("MCP_CONNECTION_REFUSED", trace.getString("events.find { it.type == 'tool.finished' }.data.code"));
        assertTrue(error.startsWith("The MCP server 'local' could not be reached"), error);
        assertTrue(error.contains("Check that the server is running, test its connection on the Integrations page, then try again."), error);
        String answer = trace.getString("events.findAll { it.type == 'assistant.message' }.last().data.text");
        assertTrue(answer.contains("could not be reached"), answer);
        assertFalse(answer.contains("no tool called"), answer);
    }

    @Test
    void aToolOfAServerThatWentDownSaysTheServerCouldNotBeReachedAndWorksAgainWhenItIsBack() {
        assertEquals("ok", ask(ECHO).getString("events.find { it.type == 'tool.finished' }.data.status"));

        proxy.cut();
        assertServerUnreachable(ask(ECHO));

        proxy.restore();
        JsonPath back = ask(ECHO);
        assertEquals("ok", back.getString("events.find { it.type == 'tool.finished' }.data.status"));
        assertTrue(back.getString("events.find { it.type == 'tool.finished' }.data.result.text").contains("are you there"));
    }

    @Test
    void aToolOfAServerThatWasDownBeforeItsToolsWereEverListedSaysTheSame() {
        proxy.cut();
        JsonPath trace = ask(ECHO);
        assertServerUnreachable(trace);
        assertFalse(trace.getList("events.type").contains("tool.started"), "nothing ran");
    }
}
