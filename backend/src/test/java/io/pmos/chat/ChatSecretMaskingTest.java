package io.pmos.chat;

import io.pmos.TestSupport;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.mcp.ReferenceMcpServerResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.pmos.TestSupport.as;
import static io.pmos.chat.ChatToolSafetyTest.awaitEvent;
import static io.pmos.chat.ChatToolSafetyTest.conversation;
import static io.pmos.chat.ChatToolSafetyTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §8: secrets typed into chat (well-known key shapes and the workspace's own stored connector secrets) are
 * masked before they are stored. Replayed through the API; then the messages API, the run transcript column, the
 * event log rows and the trace streamed on the WebSocket are searched for every secret.
 */
@QuarkusTest
class ChatSecretMaskingTest {

    private static final Vertx VERTX = Vertx.vertx();
    /** Stored as an MCP connection's bearer key: shaped like nothing, so only "equal to a stored secret" can catch it. */
    private static final String MCP_SECRET = "Plain-Stored-Secret-4711-QuiteLong";
    private static final List<String> SHAPED = List.of(
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789",
            "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx012345",
            "sk-AbCdEfGhIjKlMnOpQrSt0123456789",
            "xoxb-123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx",
            "xoxp-123456789012-AbCdEfGhIjKl",
            "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "github_pat_11ABCDEFG0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz",
            "AKIAIOSFODNN7EXAMPLE",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");

    @Inject
    ConnectorService connectors;

    @ConfigProperty(name = ReferenceMcpServerResource.URL_PROPERTY)
    String mcpUrl;

    @TestHTTPResource("/")
    URI base;

    private String admin;
    private String flowPiecesKey;

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"), "mcp", List.of(
                        Map.of("name", "bcgpt", "preset", "local"),
                        Map.of("name", "keyed", "url", mcpUrl, "authMode", "bearer", "secret", MCP_SECRET))))
                .put("/api/pmos/connectors").then().statusCode(200);
        UUID workspace = UUID.fromString(as(admin).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId"));
        ConnectorRecord fp = connectors.records(workspace).await().atMost(Duration.ofSeconds(10)).stream()
                .filter(r -> r.kind().equals(ConnectorRecord.FLOW_PIECES)).findFirst().orElseThrow();
        flowPiecesKey = connectors.secretOf(fp);
        assertNotNull(flowPiecesKey, "the local preset stores a Flow Pieces key");
    }

    private List<String> secrets() {
        List<String> all = new ArrayList<>(SHAPED);
        all.add(flowPiecesKey);
        all.add(MCP_SECRET);
        return all;
    }

    @Test
    void secretsTypedIntoChatAreMaskedInMessagesTranscriptsEventsAndTheLiveTrace() throws Exception {
        String chat = conversation(admin);
        String typed = String.join(" ", SHAPED.subList(0, SHAPED.size() - 1)) + " Authorization: Bearer "
                + SHAPED.get(SHAPED.size() - 1) + " and " + flowPiecesKey + " and " + MCP_SECRET;
        String text = "Please keep these: " + typed;
        List<JsonObject> streamed = new ArrayList<>();
        String plain = send(admin, chat, text);
        streamed.addAll(streamedTrace(plain));
        awaitEvent(admin, plain, "run.finished");
        // the same secrets as a tool's arguments: the echo tool of the reference server says back what it got
        String echoed = send(admin, chat, "call tool echo with {\"message\": \"" + typed + "\"}");
        streamed.addAll(streamedTrace(echoed));
        String echoTrace = awaitEvent(admin, echoed, "run.finished").prettify();
        assertTrue(echoTrace.contains("••••"), "the masks are what was stored and echoed: " + echoTrace);

        String messages = as(admin).get("/api/pmos/chat/conversations/" + chat).then().statusCode(200).extract().asString();
        assertTrue(messages.contains("Please keep these"), messages);
        String stored = String.join("\n", (String) TestSupport.scalar("SELECT string_agg(transcript::text, ' ') FROM chat_runs"),
                (String) TestSupport.scalar("SELECT string_agg(content, ' ') FROM chat_messages"),
                (String) TestSupport.scalar("SELECT string_agg(payload::text, ' ') FROM events"),
                String.valueOf(TestSupport.scalar("SELECT string_agg(arguments::text, ' ') FROM approvals")),
                (String) TestSupport.scalar("SELECT string_agg(title, ' ') FROM conversations"));
        String traces = as(admin).get("/api/pmos/chat/runs/" + plain + "/trace").asString() + echoTrace;
        String live = streamed.toString();
        assertTrue(live.contains("run.finished"), live);
        for (String secret : secrets()) {
            assertFalse(messages.contains(secret), "messages API holds " + secret);
            assertFalse(stored.contains(secret), "a table holds " + secret);
            assertFalse(traces.contains(secret), "the trace holds " + secret);
            assertFalse(live.contains(secret), "the live trace holds " + secret);
        }
        assertTrue(messages.contains("••••" + MCP_SECRET.substring(MCP_SECRET.length() - 4)), "masked like the rest of the app");
    }

    @Test
    void aSecretInAConversationTitleIsMaskedToo() {
        String id = as(admin).body(Map.of("title", "Deploy with " + MCP_SECRET)).post("/api/pmos/chat/conversations")
                .then().statusCode(201).extract().path("conversation.id");
        String title = as(admin).get("/api/pmos/chat/conversations/" + id).then().extract().path("conversation.title");
        assertEquals("Deploy with ••••" + MCP_SECRET.substring(MCP_SECRET.length() - 4), title);
    }

    /** Every message the WebSocket sends for the run's topic (replayed from the start) until the run finished. */
    private List<JsonObject> streamedTrace(String runId) throws Exception {
        LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/api/pmos/ws").setHeaders(MultiMap.caseInsensitiveMultiMap().add("Cookie", "pmos_session=" + admin));
        CompletableFuture<WebSocket> open = new CompletableFuture<>();
        VERTX.createWebSocketClient().connect(options).onSuccess(open::complete).onFailure(open::completeExceptionally);
        WebSocket socket = open.get(10, TimeUnit.SECONDS);
        List<JsonObject> seen = new ArrayList<>();
        try {
            socket.textMessageHandler(t -> received.add(new JsonObject(t)));
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topic", "run:" + runId).put("lastSeq", 0).encode());
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                JsonObject m = received.poll(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    seen.add(m);
                    if (m.encode().contains("run.finished")) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("the live trace did not reach run.finished: " + seen);
        } finally {
            socket.close();
        }
    }
}
