package io.pmos.mcp;

import io.pmos.net.OutboundPolicy;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against the real reference server (@modelcontextprotocol/server-everything, pinned in infra/mcp-local),
 * reached through a recording proxy so the test can see what went over the wire.
 */
class ReferenceServerTest {

    @RegisterExtension
    static final ReferenceMcpServerExtension MCP = new ReferenceMcpServerExtension(ReferenceMcpServer.Transport.STREAMABLE_HTTP);

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Vertx vertx;
    private static RecordingProxy proxy;
    private static McpClient client;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        proxy = RecordingProxy.start(vertx.getDelegate(), MCP.port());
        client = new McpClient(vertx, McpSettings.defaults(), new OutboundPolicy(vertx.getDelegate(), true));
    }

    @AfterAll
    static void tearDown() {
        client.shutdown();
        proxy.close();
        vertx.closeAndAwait();
    }

    private static McpSession connect(McpClient c) {
        return c.connect(new McpEndpoint(proxy.url("/mcp"))).await().atMost(WAIT);
    }

    private static ObjectNode args() {
        return LocalMcpServer.NODES.objectNode();
    }

    @Test
    void initializeNegotiatesTheLatestProtocolAndIdentifiesTheServer() {
        McpSession session = connect(client);
        try {
            McpInitializeResult init = session.initializeResult();
            assertEquals("2025-11-25", init.protocolVersion());
            assertEquals("mcp-servers/everything", init.serverInfo().name());
            assertEquals("2.0.0", init.serverInfo().version());
            assertTrue(init.capabilities().has("tools"));
            assertNotNull(session.sessionId(), "the reference server uses sessions");
            RecordingProxy.Exchange initialized = proxy.await(e -> e.isRpc("notifications/initialized")
                    && session.sessionId().equals(e.headers().get("Mcp-Session-Id")), WAIT);
            assertEquals(202, initialized.status());
            assertEquals("2025-11-25", initialized.headers().get("MCP-Protocol-Version"));
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void listsToolsWithTheirCurrentNamesAndAnnotations() {
        McpSession session = connect(client);
        try {
            List<McpTool> tools = session.listTools().await().atMost(WAIT);
            List<String> names = tools.stream().map(McpTool::name).toList();
            assertTrue(names.containsAll(List.of("echo", "get-sum", "get-structured-content", "get-tiny-image",
                    "trigger-long-running-operation")), names.toString());
            McpTool echo = tools.stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertEquals(Boolean.TRUE, echo.annotations().readOnlyHint());
            assertEquals(Boolean.FALSE, echo.annotations().destructiveHint());
            assertEquals("string", echo.inputSchema().path("properties").path("message").path("type").asText());
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void callsToolsAndKeepsStructuredContentAndToolErrors() {
        McpSession session = connect(client);
        try {
            McpToolResult echo = session.callTool("echo", args().put("message", "hello pmos")).await().atMost(WAIT);
            assertEquals("Echo: hello pmos", echo.text());
            assertFalse(echo.isError());

            McpToolResult sum = session.callTool("get-sum", args().put("a", 2).put("b", 40)).await().atMost(WAIT);
            assertEquals("The sum of 2 and 40 is 42.", sum.text());

            McpToolResult weather = session.callTool("get-structured-content", args().put("location", "New York"))
                    .await().atMost(WAIT);
            assertTrue(weather.structuredContent().has("temperature"), weather.toString());

            McpToolResult image = session.callTool("get-tiny-image", args()).await().atMost(WAIT);
            assertTrue(image.content().stream().anyMatch(c -> "image".equals(c.path("type").asText())));

            McpToolResult unknown = session.callTool("no-such-tool", args()).await().atMost(WAIT);
            assertTrue(unknown.isError(), "this server reports an unknown tool as a tool error");

            session.ping().await().atMost(WAIT);
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void longRunningOperationDeliversProgress() {
        McpSession session = connect(client);
        try {
            List<McpProgress> progress = new CopyOnWriteArrayList<>();
            McpToolResult result = session.callTool("trigger-long-running-operation",
                    args().put("duration", 1).put("steps", 4),
                    McpCallOptions.defaults().withProgress(progress::add)).await().atMost(WAIT);
            assertTrue(result.text().startsWith("Long running operation completed"), result.text());
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0), progress.stream().map(McpProgress::progress).toList());
            assertTrue(progress.stream().allMatch(p -> Double.valueOf(4).equals(p.total())));
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void progressPushesTheDeadlineOut() {
        McpSession session = connect(client);
        try {
            // 2.4 s in all, progress every 0.4 s: a 1 s timeout only holds because each progress restarts it
            McpToolResult result = session.callTool("trigger-long-running-operation",
                    args().put("duration", 2.4).put("steps", 6),
                    McpCallOptions.defaults().withTimeout(Duration.ofSeconds(1))).await().atMost(WAIT);
            assertFalse(result.isError());
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void progressCannotPassTheHardMaximum() {
        McpClient strict = new McpClient(vertx, McpSettings.defaults()
                .withRequestTimeout(Duration.ofSeconds(1), Duration.ofMillis(1500)), new OutboundPolicy(vertx.getDelegate(), true));
        try {
            McpSession session = connect(strict);
            McpException e = assertThrows(McpException.class, () -> session.callTool("trigger-long-running-operation",
                    args().put("duration", 4).put("steps", 10)).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_TIMEOUT, e.code());
            assertTrue(e.getMessage().contains("pmos.mcp.max-request-time"), e.getMessage());
            session.close().await().atMost(WAIT);
        } finally {
            strict.shutdown();
        }
    }

    @Test
    void timeoutCancelsTheRequestOnTheServer() {
        McpSession session = connect(client);
        try {
            McpException e = assertThrows(McpException.class, () -> session.callTool("trigger-long-running-operation",
                    args().put("duration", 5).put("steps", 1),
                    McpCallOptions.defaults().withTimeout(Duration.ofMillis(500))).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_TIMEOUT, e.code());
            assertTrue(e.getMessage().contains("500 ms"), e.getMessage());

            RecordingProxy.Exchange call = proxy.exchanges().stream()
                    .filter(x -> x.isRpc("tools/call") && session.sessionId().equals(x.headers().get("Mcp-Session-Id"))
                            && "trigger-long-running-operation".equals(x.json().path("params").path("name").asText()))
                    .reduce((a, b) -> b).orElseThrow();
            RecordingProxy.Exchange cancelled = proxy.await(x -> x.isRpc("notifications/cancelled")
                    && session.sessionId().equals(x.headers().get("Mcp-Session-Id")), WAIT);
            assertEquals(call.json().get("id").asLong(), cancelled.json().path("params").path("requestId").asLong());
            assertEquals(202, cancelled.status());
            session.ping().await().atMost(WAIT); // the session outlives a cancelled request
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void forgottenSessionIsRenewedOnceAndTheCallSucceeds() {
        McpSession session = connect(client);
        try {
            String first = session.sessionId();
            // make the server forget the session behind the client's back
            assertEquals(200, rawDelete(first));
            int initializesBefore = proxy.rpc("initialize").size();

            McpToolResult echo = session.callTool("echo", args().put("message", "again")).await().atMost(WAIT);
            assertEquals("Echo: again", echo.text());
            assertNotEquals(first, session.sessionId());
            assertEquals(initializesBefore + 1, proxy.rpc("initialize").size(), "exactly one re-initialize");
            assertTrue(proxy.exchanges().stream().anyMatch(x -> x.isRpc("tools/call") && x.status() == 400
                    && first.equals(x.headers().get("Mcp-Session-Id"))), "the first attempt met the server's 400");
            assertFalse(session.listTools().await().atMost(WAIT).isEmpty(), "the renewed session keeps working");
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void parallelCallsShareTheSessionAndOneRenewal() {
        McpSession session = connect(client);
        try {
            List<Uni<McpToolResult>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(session.callTool("get-sum", args().put("a", i).put("b", 1)));
            }
            List<McpToolResult> results = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
            for (int i = 0; i < 20; i++) {
                assertEquals("The sum of " + i + " and 1 is " + (i + 1) + ".", results.get(i).text());
            }

            String first = session.sessionId();
            assertEquals(200, rawDelete(first));
            int initializesBefore = proxy.rpc("initialize").size();
            calls.clear();
            for (int i = 0; i < 10; i++) {
                calls.add(session.callTool("echo", args().put("message", "m" + i)));
            }
            results = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
            assertEquals("Echo: m9", results.get(9).text());
            assertEquals(initializesBefore + 1, proxy.rpc("initialize").size(), "ten refused calls, one renewal");
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void closeDeletesTheSession() {
        McpSession session = connect(client);
        String id = session.sessionId();
        session.close().await().atMost(WAIT);
        RecordingProxy.Exchange delete = proxy.await(x -> "DELETE".equals(x.httpMethod())
                && id.equals(x.headers().get("Mcp-Session-Id")), WAIT);
        assertEquals(200, delete.status());
        assertEquals(400, rawDelete(id), "the server no longer knows the session");
        McpException e = assertThrows(McpException.class, () -> session.ping().await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_SESSION_CLOSED, e.code());
        assertFalse(session.isOpen());
    }

    @Test
    void oldHttpSseTransportIsRecognised() {
        try (ReferenceMcpServer old = ReferenceMcpServer.start(ReferenceMcpServer.Transport.SSE)) {
            McpException e = assertThrows(McpException.class,
                    () -> client.connect(new McpEndpoint(old.url())).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_OLD_TRANSPORT, e.code(), e.getMessage());
        }
    }

    /** A DELETE straight at the server (not through the client), returning the status. */
    private static int rawDelete(String sessionId) {
        HttpClient http = vertx.getDelegate().createHttpClient();
        try {
            return LocalMcpServer.await(http.request(new RequestOptions().setMethod(HttpMethod.DELETE)
                            .setAbsoluteURI(MCP.url()).putHeader("Mcp-Session-Id", sessionId)
                            .putHeader("MCP-Protocol-Version", "2025-11-25"))
                    .compose(r -> r.send()).map(r -> r.statusCode())
                    .toCompletionStage().toCompletableFuture());
        } finally {
            http.close();
        }
    }

}
