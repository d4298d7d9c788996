package io.pmos.mcp;

import io.pmos.net.OutboundPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pmos.mcp.LocalMcpServer.Seen;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static io.pmos.mcp.LocalMcpServer.NODES;
import static io.pmos.mcp.LocalMcpServer.accepted;
import static io.pmos.mcp.LocalMcpServer.errorResponse;
import static io.pmos.mcp.LocalMcpServer.event;
import static io.pmos.mcp.LocalMcpServer.initializeResult;
import static io.pmos.mcp.LocalMcpServer.json;
import static io.pmos.mcp.LocalMcpServer.mcp;
import static io.pmos.mcp.LocalMcpServer.response;
import static io.pmos.mcp.LocalMcpServer.startSse;
import static io.pmos.mcp.LocalMcpServer.textResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against small real HTTP servers scripted per test: answer shapes, failures and their codes. */
class McpClientHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Vertx vertx;
    private static io.vertx.core.Vertx core;
    private static McpClient client;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        core = vertx.getDelegate();
        client = new McpClient(vertx, McpSettings.defaults(), new OutboundPolicy(vertx.getDelegate(), true));
    }

    @AfterAll
    static void tearDown() {
        client.shutdown();
        vertx.closeAndAwait();
    }

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private LocalMcpServer server(LocalMcpServer.Script script) {
        LocalMcpServer server = LocalMcpServer.start(core, script);
        cleanup.add(server);
        return server;
    }

    private McpClient client(McpSettings settings) {
        McpClient c = new McpClient(vertx, settings, new OutboundPolicy(vertx.getDelegate(), true));
        cleanup.add(c::shutdown);
        return c;
    }

    private static McpSession connect(McpClient c, String url) {
        return c.connect(new McpEndpoint(url)).await().atMost(WAIT);
    }

    private static McpException failure(Supplier<?> action) {
        return assertThrows(McpException.class, action::get);
    }

    private static ObjectNode args(String key, String value) {
        return NODES.objectNode().put(key, value);
    }

    private static String progressToken(Seen seen) {
        return seen.json().path("params").path("_meta").path("progressToken").asText();
    }

    // ---- answers in JSON and in SSE

    @Test
    void jsonAnsweringServerFullConversation() {
        LocalMcpServer server = server(mcp("sess-1", (req, seen) -> {
            switch (seen.rpcMethod()) {
                case "tools/list" -> json(req, 200, response(seen.id(), page(null, "alpha")));
                case "tools/call" -> json(req, 200, response(seen.id(),
                        textResult("called " + seen.json().path("params").path("name").asText())));
                default -> json(req, 200, errorResponse(seen.id(), -32601, "nope"));
            }
        }));
        McpSession session = connect(client, server.url());
        assertEquals("local-test", session.initializeResult().serverInfo().name());
        assertEquals("9.9.9", session.initializeResult().serverInfo().version());
        assertEquals("2025-11-25", session.protocolVersion());
        assertEquals(List.of("alpha"), session.listTools().await().atMost(WAIT).stream().map(McpTool::name).toList());
        McpToolResult result = session.callTool("alpha", args("x", "1")).await().atMost(WAIT);
        assertEquals("called alpha", result.text());
        session.ping().await().atMost(WAIT);
        session.close().await().atMost(WAIT);

        Seen init = server.seen("initialize").get(0);
        assertEquals("application/json, text/event-stream", init.header("Accept"));
        assertEquals("application/json", init.header("Content-Type"));
        assertNull(init.header("Mcp-Session-Id"));
        assertNull(init.header("MCP-Protocol-Version"));
        JsonNode params = init.json().path("params");
        assertEquals("2025-11-25", params.path("protocolVersion").asText());
        assertEquals("pmos", params.path("clientInfo").path("name").asText());
        assertTrue(params.path("capabilities").isObject() && params.path("capabilities").isEmpty());
        assertEquals("2.0", init.json().path("jsonrpc").asText());

        List<Seen> later = server.seen().subList(1, server.seen().size());
        assertEquals(List.of("notifications/initialized", "tools/list", "tools/call", "ping"),
                later.stream().filter(s -> "POST".equals(s.httpMethod())).map(Seen::rpcMethod).toList());
        for (Seen s : later) {
            assertEquals("sess-1", s.header("Mcp-Session-Id"), s.httpMethod() + " " + s.rpcMethod());
            assertEquals("2025-11-25", s.header("MCP-Protocol-Version"));
        }
        Seen call = server.seen("tools/call").get(0);
        assertEquals("1", call.json().path("params").path("arguments").path("x").asText());
        assertFalse(progressToken(call).isEmpty(), "tools/call always carries a progress token");
        Seen delete = server.awaitRequest(s -> "DELETE".equals(s.httpMethod()), WAIT);
        assertEquals("sess-1", delete.header("Mcp-Session-Id"));
    }

    @Test
    void olderProtocolChosenByTheServerIsAcceptedAndSent() {
        LocalMcpServer server = server((req, seen) -> {
            if ("initialize".equals(seen.rpcMethod())) {
                json(req, 200, response(seen.id(), initializeResult("2025-03-26")));
            } else if (seen.id() == null) {
                accepted(req);
            } else {
                json(req, 200, response(seen.id(), NODES.objectNode()));
            }
        });
        McpSession session = connect(client, server.url());
        assertEquals("2025-03-26", session.protocolVersion());
        session.ping().await().atMost(WAIT);
        assertEquals("2025-03-26", server.seen("ping").get(0).header("MCP-Protocol-Version"));
        assertNull(server.seen("ping").get(0).header("Mcp-Session-Id"), "a server without sessions gets none");
    }

    @Test
    void unsupportedProtocolVersionIsRefusedAndTheServerSessionEnded() {
        LocalMcpServer server = server((req, seen) -> {
            if ("initialize".equals(seen.rpcMethod())) {
                req.response().putHeader("Mcp-Session-Id", "s-old");
                json(req, 200, response(seen.id(), initializeResult("2024-11-05")));
            } else {
                req.response().setStatusCode(200).end();
            }
        });
        McpException e = failure(() -> connect(client, server.url()));
        assertEquals(McpErrorCode.MCP_UNSUPPORTED_VERSION, e.code());
        assertTrue(e.getMessage().contains("2024-11-05"), e.getMessage());
        assertEquals("s-old", server.awaitRequest(s -> "DELETE".equals(s.httpMethod()), WAIT).header("Mcp-Session-Id"));
    }

    @Test
    void sseAnswerWithPrimingCommentsRetryCrlfMultiLineDataAndServerRequests() {
        List<JsonNode> otherNotifications = new CopyOnWriteArrayList<>();
        LocalMcpServer server = server(mcp("s-sse", (req, seen) -> {
            String token = progressToken(seen);
            ObjectNode progress = NODES.objectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
            progress.putObject("params").put("progressToken", token).put("progress", 1).put("total", 2)
                    .put("message", "half");
            String progressText = progress.toString();
            int cut = progressText.indexOf("\"params\"");
            String stream = ": connected\r\n"
                    + "retry: 1500\r\n"
                    + "id: p0\r\ndata:\r\n\r\n"                                                   // priming event
                    + "event: message\r\nid: e1\r\ndata: " + progressText.substring(0, cut) + "\r\n"
                    + "data: " + progressText.substring(cut) + "\r\n\r\n"                        // JSON over two data lines
                    + ": keep-alive\n"
                    + "id: e2\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"ping\"}\n\n"
                    + "id: e3\ndata: {\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"sampling/createMessage\",\"params\":{}}\n\n"
                    + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"hi\"}}\n\n"
                    + event(response(NODES.numberNode(999), NODES.objectNode()))               // not ours: ignored
                    + "event: message\r\nid: e4\r\ndata: " + response(seen.id(), textResult("done over sse")) + "\r\n\r\n";
            startSse(req);
            LocalMcpServer.writeInPieces(core, req.response(), stream, 7, () -> req.response().end());
        }));
        McpSession session = connect(client, server.url());
        session.onNotification(otherNotifications::add);
        List<McpProgress> progress = new CopyOnWriteArrayList<>();
        McpToolResult result = session.callTool("slow", NODES.objectNode(),
                McpCallOptions.defaults().withProgress(progress::add)).await().atMost(WAIT);

        assertEquals("done over sse", result.text());
        assertEquals(List.of(new McpProgress(1, 2.0, "half")), progress);
        Seen pingAnswer = server.awaitRequest(s -> s.json() != null && "srv-1".equals(s.json().path("id").asText()), WAIT);
        assertTrue(pingAnswer.json().path("result").isObject(), "ping is answered with an empty result");
        assertEquals("s-sse", pingAnswer.header("Mcp-Session-Id"));
        Seen refusal = server.awaitRequest(s -> s.json() != null && s.json().path("id").asInt() == 77, WAIT);
        assertEquals(-32601, refusal.json().path("error").path("code").asInt(), "other server requests: method not found");
        assertEquals(1, otherNotifications.size());
        assertEquals("notifications/message", otherNotifications.get(0).path("method").asText());
    }

    @Test
    void brokenStreamIsResumedWithLastEventIdAfterTheServersRetryDelay() {
        AtomicReference<JsonNode> callId = new AtomicReference<>();
        LocalMcpServer server = server(mcp("s-resume", (req, seen) -> {
            if ("GET".equals(seen.httpMethod())) {
                startSse(req);
                req.response().end("id: e3\ndata: " + response(callId.get(), textResult("resumed")) + "\n\n");
                return;
            }
            callId.set(seen.id());
            startSse(req);
            // the server drops the stream after the priming event and one progress message
            req.response().end("retry: 40\nid: e1\ndata: \n\nid: e2\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                    + "\"notifications/progress\",\"params\":{\"progressToken\":\"" + progressToken(seen)
                    + "\",\"progress\":1}}\n\n");
        }));
        McpSession session = connect(client, server.url());
        McpToolResult result = session.callTool("x", null).await().atMost(WAIT);
        assertEquals("resumed", result.text());
        Seen get = server.awaitRequest(s -> "GET".equals(s.httpMethod()), WAIT);
        assertEquals("e2", get.header("Last-Event-ID"));
        assertEquals("s-resume", get.header("Mcp-Session-Id"));
        assertEquals("text/event-stream", get.header("Accept"));
    }

    @Test
    void resumingIsBoundedAndAStreamWithoutIdsIsNotResumed() {
        AtomicInteger gets = new AtomicInteger();
        LocalMcpServer server = server(mcp("s-drop", (req, seen) -> {
            if ("GET".equals(seen.httpMethod())) {
                gets.incrementAndGet();
            }
            startSse(req);
            req.response().end("retry: 10\nid: again\ndata: \n\n");
        }));
        McpSession session = connect(client, server.url());
        McpException e = failure(() -> session.callTool("x", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_BAD_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("resuming it failed 3 times"), e.getMessage());
        assertEquals(3, gets.get());

        LocalMcpServer noIds = server(mcp("s-noid", (req, seen) -> {
            startSse(req);
            req.response().end(": nothing to resume from\n\n");
        }));
        McpSession other = connect(client, noIds.url());
        McpException e2 = failure(() -> other.callTool("x", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_BAD_RESPONSE, e2.code());
        assertTrue(e2.getMessage().contains("closed the event stream before answering 'tools/call'"), e2.getMessage());
        assertTrue(noIds.seen().stream().noneMatch(s -> "GET".equals(s.httpMethod())), "nothing to resume from");
    }

    // ---- paging and sessions

    private static ObjectNode page(String next, String... names) {
        ObjectNode result = NODES.objectNode();
        ArrayNode tools = result.putArray("tools");
        for (String name : names) {
            ObjectNode tool = tools.addObject().put("name", name).put("description", "tool " + name);
            tool.putObject("inputSchema").put("type", "object");
            tool.putObject("annotations").put("destructiveHint", name.startsWith("delete"));
        }
        if (next != null) {
            result.put("nextCursor", next);
        }
        return result;
    }

    private static void threePages(HttpServerRequest req, Seen seen) {
        String cursor = seen.json().path("params").path("cursor").asText(null);
        if (cursor == null) {
            json(req, 200, response(seen.id(), page("c1", "a", "b")));
        } else if (cursor.equals("c1")) {
            json(req, 200, response(seen.id(), page("c2", "c")));
        } else {
            json(req, 200, response(seen.id(), page(null, "delete-d")));
        }
    }

    @Test
    void toolsListFollowsNextCursorOverThreePages() {
        LocalMcpServer server = server(mcp("s-pages", McpClientHttpTest::threePages));
        McpSession session = connect(client, server.url());
        List<McpTool> tools = session.listTools().await().atMost(WAIT);
        assertEquals(List.of("a", "b", "c", "delete-d"), tools.stream().map(McpTool::name).toList());
        assertEquals(Boolean.TRUE, tools.get(3).annotations().destructiveHint());
        assertEquals(Arrays.asList(null, "c1", "c2"), server.seen("tools/list").stream()
                .map(s -> s.json().path("params").path("cursor").asText(null)).toList());
    }

    @Test
    void endlessPagingIsCutOff() {
        LocalMcpServer server = server(mcp("s-loop", (req, seen) -> json(req, 200, response(seen.id(), page("same", "t")))));
        McpClient c = client(new McpSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
                1 << 20, 5, 3, Duration.ofMinutes(10), 20, Duration.ofSeconds(4), "test"));
        McpException e = failure(() -> connect(c, server.url()).listTools().await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_BAD_RESPONSE, e.code());
        assertEquals(5, server.seen("tools/list").size());
    }

    /** Initialize hands out s1, s2, ...; {@code forgets} decides which requests are answered 404 as unknown session. */
    private LocalMcpServer forgetfulServer(java.util.function.BiPredicate<Seen, Integer> forgets,
                                           LocalMcpServer.Script other) {
        AtomicInteger sessions = new AtomicInteger();
        return server((req, seen) -> {
            if ("initialize".equals(seen.rpcMethod())) {
                req.response().putHeader("Mcp-Session-Id", "s" + sessions.incrementAndGet());
                json(req, 200, response(seen.id(), initializeResult("2025-11-25")));
            } else if (forgets.test(seen, sessions.get())) {
                json(req, 404, NODES.objectNode().put("jsonrpc", "2.0").set("error",
                        NODES.objectNode().put("code", -32001).put("message", "Session not found")));
            } else if (seen.id() == null || seen.rpcMethod() == null) {
                accepted(req);
            } else {
                other.answer(req, seen);
            }
        });
    }

    @Test
    void sessionLostDuringPagingRestartsTheListingInsteadOfReusingTheCursor() {
        LocalMcpServer server = forgetfulServer((seen, count) -> "s1".equals(seen.header("Mcp-Session-Id"))
                && "c1".equals(seen.json().path("params").path("cursor").asText(null)), McpClientHttpTest::threePages);
        McpSession session = connect(client, server.url());
        List<McpTool> tools = session.listTools().await().atMost(WAIT);
        assertEquals(List.of("a", "b", "c", "delete-d"), tools.stream().map(McpTool::name).toList());
        assertEquals(List.of("s1/null", "s1/c1", "s2/null", "s2/c1", "s2/c2"), server.seen("tools/list").stream()
                .map(s -> s.header("Mcp-Session-Id") + "/" + s.json().path("params").path("cursor").asText(null))
                .toList());
        assertEquals(2, server.seen("initialize").size());
        assertNull(server.seen("initialize").get(1).header("Mcp-Session-Id"), "a new session starts without the old id");
    }

    @Test
    void expiredSessionIsRenewedOnceThenTheCallIsRetriedOnce() {
        LocalMcpServer server = forgetfulServer((seen, count) -> "s1".equals(seen.header("Mcp-Session-Id"))
                        && "tools/call".equals(seen.rpcMethod()),
                (req, seen) -> json(req, 200, response(seen.id(), textResult("ok in " + seen.header("Mcp-Session-Id")))));
        McpSession session = connect(client, server.url());
        assertEquals("ok in s2", session.callTool("t", null).await().atMost(WAIT).text());
        assertEquals("s2", session.sessionId());
        assertEquals(2, server.seen("tools/call").size());
    }

    @Test
    void aServerThatKeepsForgettingGivesSessionLostWithoutLooping() {
        LocalMcpServer server = forgetfulServer((seen, count) -> "tools/call".equals(seen.rpcMethod()),
                (req, seen) -> json(req, 200, response(seen.id(), textResult("never"))));
        McpSession session = connect(client, server.url());
        McpException e = failure(() -> session.callTool("t", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_SESSION_LOST, e.code());
        assertEquals(2, server.seen("initialize").size(), "one re-initialize, no loop");
        assertEquals(2, server.seen("tools/call").size(), "one retry, no loop");
    }

    @Test
    void failedRenewalLosesTheSession() {
        AtomicInteger inits = new AtomicInteger();
        LocalMcpServer server = server((req, seen) -> {
            if ("initialize".equals(seen.rpcMethod())) {
                if (inits.incrementAndGet() > 1) {
                    req.response().setStatusCode(503).end("down");
                    return;
                }
                req.response().putHeader("Mcp-Session-Id", "only");
                json(req, 200, response(seen.id(), initializeResult("2025-11-25")));
            } else if (seen.id() == null) {
                accepted(req);
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        McpSession session = connect(client, server.url());
        McpException e = failure(() -> session.ping().await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_SESSION_LOST, e.code());
        assertTrue(e.getMessage().contains("starting a new one failed") && e.getMessage().contains("HTTP 503"),
                e.getMessage());
        assertFalse(session.isOpen());
        assertEquals(McpErrorCode.MCP_SESSION_LOST, failure(() -> session.ping().await().atMost(WAIT)).code());
        assertEquals(2, inits.get(), "a lost session does not try again on every call");
    }

    // ---- HTTP failures

    @Test
    void unauthorizedAndForbiddenAreAuthFailures() {
        for (int status : new int[]{401, 403}) {
            LocalMcpServer server = server((req, seen) -> req.response().setStatusCode(status)
                    .putHeader("WWW-Authenticate", "Bearer").end());
            McpException e = failure(() -> connect(client, server.url()));
            assertEquals(McpErrorCode.MCP_AUTH_FAILED, e.code());
            assertEquals(status, e.httpStatus());
        }
    }

    @Test
    void notFoundOnInitializeIsAWrongEndpoint() {
        LocalMcpServer server = server((req, seen) -> req.response().setStatusCode(404).end("Cannot POST /mcp"));
        McpException e = failure(() -> connect(client, server.url()));
        assertEquals(McpErrorCode.MCP_ENDPOINT_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(server.url()), e.getMessage());
    }

    @Test
    void notAcceptable() {
        LocalMcpServer server = server((req, seen) -> json(req, 406, errorResponse(NODES.nullNode(), -32000,
                "Not Acceptable: Client must accept both application/json and text/event-stream")));
        assertEquals(McpErrorCode.MCP_NOT_ACCEPTABLE, failure(() -> connect(client, server.url())).code());
    }

    @Test
    void oldSseOnlyTransportIsRecognisedAndTheProbeStreamClosed() {
        CompletableFuture<Void> probeClosed = new CompletableFuture<>();
        LocalMcpServer server = server((req, seen) -> {
            if ("POST".equals(seen.httpMethod())) {
                req.response().setStatusCode(405).putHeader("Allow", "GET").end();
                return;
            }
            req.response().closeHandler(v -> probeClosed.complete(null));
            startSse(req);
            req.response().write("event: endpoint\ndata: /messages?sessionId=abc\n\n"); // and the stream stays open
        });
        McpException e = failure(() -> connect(client, server.url()));
        assertEquals(McpErrorCode.MCP_OLD_TRANSPORT, e.code());
        LocalMcpServer.await(probeClosed, WAIT);
    }

    @Test
    void redirectsAreReportedNotFollowed() {
        LocalMcpServer server = server((req, seen) -> req.response().setStatusCode(307)
                .putHeader("Location", "/mcp/?token=hidden").end());
        McpException e = failure(() -> connect(client, server.url()));
        assertEquals(McpErrorCode.MCP_REDIRECTED, e.code());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + server.port() + "/mcp/"), e.getMessage());
        assertFalse(e.getMessage().contains("hidden"), "the query of the Location is not shown");
        assertEquals(1, server.seen().size(), "the POST was not repeated at the new address");
    }

    @Test
    void serverErrorsKeepTheirStatusAndJsonRpcErrors() {
        LocalMcpServer server = server(mcp("s-err", (req, seen) -> {
            switch (seen.json().path("params").path("name").asText()) {
                case "rpc500" -> json(req, 500, errorResponse(seen.id(), -32603, "Internal error"));
                case "plain502" -> req.response().setStatusCode(502).end("<html>Bad gateway</html>");
                default -> json(req, 200, errorResponse(seen.id(), -32602, "Unknown tool: nope"));
            }
        }));
        McpSession session = connect(client, server.url());
        McpException rpc500 = failure(() -> session.callTool("rpc500", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_PROTOCOL_ERROR, rpc500.code());
        assertEquals(-32603, rpc500.rpcCode());
        assertEquals(500, rpc500.httpStatus());

        McpException plain = failure(() -> session.callTool("plain502", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_HTTP_ERROR, plain.code());
        assertEquals(502, plain.httpStatus());
        assertFalse(plain.getMessage().contains("<html>"), "HTML error pages are not quoted");

        McpException unknown = failure(() -> session.callTool("nope", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_PROTOCOL_ERROR, unknown.code());
        assertEquals(-32602, unknown.rpcCode());
        assertTrue(unknown.getMessage().contains("Unknown tool: nope"), unknown.getMessage());
    }

    // ---- bad and oversized answers

    @Test
    void nonJsonTruncatedAndNonJsonRpcAnswersAreBadResponses() {
        LocalMcpServer server = server(mcp("s-bad", (req, seen) -> {
            switch (seen.json().path("params").path("name").asText()) {
                case "html" -> req.response().putHeader("Content-Type", "application/json").end("<html>oops</html>");
                case "wrong-type" -> req.response().putHeader("Content-Type", "text/html").end("<p>hi</p>");
                case "not-rpc" -> json(req, 200, NODES.objectNode().put("hello", 1));
                case "bad-event" -> {
                    startSse(req);
                    req.response().end("data: {not json\n\n");
                }
                case "cut-json" -> {
                    String full = response(seen.id(), textResult("x".repeat(200))).toString();
                    // chunked, ends cleanly, but the JSON stops half way
                    req.response().setChunked(true).putHeader("Content-Type", "application/json")
                            .end(full.substring(0, full.length() / 2));
                }
                default -> {
                    // promises 500 bytes, sends 50, then drops the connection
                    req.response().putHeader("Content-Type", "application/json").putHeader("Content-Length", "500")
                            .write(response(seen.id(), textResult("y".repeat(400))).toString().substring(0, 50));
                    core.setTimer(20, t -> req.connection().close());
                }
            }
        }));
        McpSession session = connect(client, server.url());
        for (String kind : List.of("html", "wrong-type", "not-rpc", "bad-event", "cut-json", "cut-connection")) {
            McpException e = failure(() -> session.callTool(kind, null).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_BAD_RESPONSE, e.code(), kind + ": " + e.getMessage());
        }
        session.ping().await().atMost(WAIT); // the session survives bad answers
    }

    @Test
    void oversizedAnswersFailWithTheCapInTheMessage() {
        McpClient small = client(McpSettings.defaults().withMaxResponseBytes(64 * 1024));
        String big = "z".repeat(200 * 1024);
        LocalMcpServer server = server(mcp("s-big", (req, seen) -> {
            switch (seen.json().path("params").path("name").asText()) {
                case "json" -> json(req, 200, response(seen.id(), textResult(big)));
                case "chunked" -> req.response().setChunked(true).putHeader("Content-Type", "application/json")
                        .end(response(seen.id(), textResult(big)).toString());
                case "sse" -> {
                    startSse(req);
                    req.response().end(event(response(seen.id(), textResult(big))));
                }
                default -> json(req, 200, response(seen.id(), textResult("w".repeat(60 * 1024))));
            }
        }));
        McpSession session = connect(small, server.url());
        for (String kind : List.of("json", "chunked", "sse")) {
            McpException e = failure(() -> session.callTool(kind, null).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_RESPONSE_TOO_LARGE, e.code(), kind);
            assertTrue(e.getMessage().contains("64 KiB") && e.getMessage().contains("PMOS_MCP_MAX_RESPONSE_BYTES"),
                    e.getMessage());
        }
        assertEquals(60 * 1024, session.callTool("fits", null).await().atMost(WAIT).text().length());
    }

    // ---- time

    @Test
    void slowServerTimesOutAndReceivesTheCancellation() {
        CompletableFuture<Void> connectionDropped = new CompletableFuture<>();
        LocalMcpServer server = server(mcp("s-slow", (req, seen) -> {
            if ("tools/call".equals(seen.rpcMethod())) {
                req.response().closeHandler(v -> connectionDropped.complete(null)); // and never answers
            }
        }));
        McpSession session = connect(client, server.url());
        McpException e = failure(() -> session.callTool("sleepy", null,
                McpCallOptions.defaults().withTimeout(Duration.ofMillis(300))).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());

        long callId = server.seen("tools/call").get(0).id().asLong();
        Seen cancelled = server.awaitRequest(s -> s.isRpc("notifications/cancelled"), WAIT);
        assertEquals(callId, cancelled.json().path("params").path("requestId").asLong());
        assertFalse(cancelled.json().path("params").path("reason").asText().isBlank());
        assertEquals("s-slow", cancelled.header("Mcp-Session-Id"));
        LocalMcpServer.await(connectionDropped, WAIT);
    }

    @Test
    void callerCancellationIsForwardedToTheServer() {
        LocalMcpServer server = server(mcp("s-cancel", (req, seen) -> { }));
        McpSession session = connect(client, server.url());
        Cancellable subscription = session.callTool("forever", null).subscribe().with(r -> { }, f -> { });
        Seen call = server.awaitRequest(s -> s.isRpc("tools/call"), WAIT);
        subscription.cancel();
        Seen cancelled = server.awaitRequest(s -> s.isRpc("notifications/cancelled"), WAIT);
        assertEquals(call.id().asLong(), cancelled.json().path("params").path("requestId").asLong());
    }

    // ---- connecting

    @Test
    void closedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        McpException e = failure(() -> connect(client, "http://127.0.0.1:" + port + "/mcp"));
        assertEquals(McpErrorCode.MCP_CONNECTION_REFUSED, e.code());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void untrustedCertificateIsATlsFailure(@TempDir Path dir) throws Exception {
        // a self-signed certificate made with the JDK's keytool: no CA PMOS trusts has signed it
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        LocalMcpServer server = LocalMcpServer.start(core, new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(store.toString()).setPassword("changeit")),
                mcp("s-tls", (req, seen) -> { }));
        cleanup.add(server);
        McpException e = failure(() -> connect(client, "https://localhost:" + server.port() + "/mcp"));
        assertEquals(McpErrorCode.MCP_TLS_FAILED, e.code(), e.getMessage());
        assertTrue(server.seen().isEmpty(), "nothing was sent over the untrusted connection");
    }

    @Test
    void httpsToAPlainHttpPortIsATlsFailure() {
        LocalMcpServer server = server(mcp("s-plain", (req, seen) -> { }));
        McpException e = failure(() -> connect(client, "https://127.0.0.1:" + server.port() + "/mcp"));
        assertEquals(McpErrorCode.MCP_TLS_FAILED, e.code(), e.getMessage());
    }

    // ---- credentials

    @Test
    void bearerTokenIsSentOnEveryRequestAndNeverShown() {
        String token = "tok-Secret-123456789";
        LocalMcpServer server = server(mcp("s-auth", (req, seen) -> json(req, 200, response(seen.id(), textResult("ok")))));
        McpEndpoint endpoint = new McpEndpoint(server.url(), McpAuth.bearer(token));
        McpSession session = client.connect(endpoint).await().atMost(WAIT);
        session.callTool("t", null).await().atMost(WAIT);
        session.close().await().atMost(WAIT);
        server.awaitRequest(s -> "DELETE".equals(s.httpMethod()), WAIT);
        for (Seen s : server.seen()) {
            assertEquals("Bearer " + token, s.header("Authorization"), s.httpMethod() + " " + s.rpcMethod());
            assertFalse(s.uri().contains(token));
        }
        for (Object o : List.of(endpoint, endpoint.auth(), session)) {
            assertFalse(o.toString().contains(token), o.getClass().getSimpleName() + ": " + o);
        }
        assertTrue(endpoint.toString().contains("••••"));
    }

    @Test
    void bcgptKeyHeaderIsSentAndAnEchoedSecretIsMaskedInErrors() {
        String key = "bcgpt-Key-abcdef012345";
        LocalMcpServer server = server((req, seen) -> {
            if ("initialize".equals(seen.rpcMethod())) {
                json(req, 200, response(seen.id(), initializeResult("2025-11-25")));
            } else if (seen.id() == null) {
                accepted(req);
            } else {
                // a careless server quoting the key back
                json(req, 401, errorResponse(seen.id(), -32001, "key " + req.getHeader("x-bcgpt-api-key") + " not recognized"));
            }
        });
        McpEndpoint endpoint = new McpEndpoint(server.url(), McpAuth.header("x-bcgpt-api-key", key));
        McpSession session = client.connect(endpoint).await().atMost(WAIT);
        McpException e = failure(() -> session.callTool("whoami", null).await().atMost(WAIT));
        assertEquals(McpErrorCode.MCP_AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("not recognized"), e.getMessage());
        assertFalse(e.getMessage().contains(key), e.getMessage());
        assertFalse(e.toString().contains(key));
        assertNull(server.seen("initialize").get(0).header("Authorization"));
        server.seen().forEach(s -> assertEquals(key, s.header("x-bcgpt-api-key")));
        assertFalse(endpoint.toString().contains(key) || endpoint.auth().toString().contains(key));
    }

    @Test
    void badEndpointsAreRefusedUpFrontWithoutQuotingSecrets() {
        assertEquals(McpErrorCode.MCP_INVALID_ENDPOINT, failure(() -> new McpEndpoint("ftp://host/mcp")).code());
        assertEquals(McpErrorCode.MCP_INVALID_ENDPOINT, failure(() -> new McpEndpoint("not a url")).code());
        McpException userInfo = failure(() -> new McpEndpoint("https://user:pa55word@host/mcp"));
        assertFalse(userInfo.getMessage().contains("pa55word"));
        McpException reserved = failure(() -> McpAuth.header("Mcp-Session-Id", "x"));
        assertEquals(McpErrorCode.MCP_INVALID_ENDPOINT, reserved.code());
        McpException newline = failure(() -> McpAuth.bearer("abc\r\nX-Evil: 1"));
        assertFalse(newline.getMessage().contains("abc"), newline.getMessage());
        assertEquals("https://host:8443/mcp", new McpEndpoint("https://host:8443/mcp?key=zzz").displayUrl());
    }
}
