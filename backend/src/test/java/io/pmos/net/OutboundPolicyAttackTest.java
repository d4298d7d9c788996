package io.pmos.net;

import io.pmos.TestSupport;
import io.pmos.ai.AiProvider;
import io.pmos.ai.AiProviderException;
import io.pmos.ai.AiProviderProbe;
import io.pmos.config.PmosConfig;
import io.pmos.connectors.ConnectorChecks;
import io.pmos.connectors.ConnectorDtos.CheckError;
import io.pmos.connectors.ConnectorDtos.CheckResult;
import io.pmos.connectors.ConnectorRecord;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.mcp.McpClient;
import io.pmos.mcp.McpEndpoint;
import io.pmos.mcp.McpErrorCode;
import io.pmos.mcp.McpException;
import io.pmos.mcp.McpSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The review's SSRF and port-scan attacks replayed with the production default (loopback and private addresses not
 * allowed): connector settings, connector tests, the clients of Flow Pieces, MCP and AI providers, chat model calls,
 * redirects and a name that is re-pointed between two calls. A real listener on 127.0.0.1 is the witness.
 */
@QuarkusTest
@TestProfile(StrictOutboundProfile.class)
class OutboundPolicyAttackTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    FlowPiecesClient flowPieces;
    @Inject
    McpClient mcp;
    @Inject
    AiProviderProbe ai;
    @Inject
    ConnectorChecks checks;
    @Inject
    PmosConfig config;
    @Inject
    Vertx vertx;

    private CountingListener listener;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        listener = new CountingListener();
        cleanup.add(listener);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        cleanup.clear();
    }

    /** The URLs of the attack, pointed at the listener where a port matters. */
    private List<String> attackUrls(int port) {
        return List.of("http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
                "http://0.0.0.0:" + port + "/", "http://2852039166/", "http://localhost:" + port + "/",
                "http://127.0.0.1:" + port + "/", "http://[::1]:" + port + "/", "http://10.0.0.1/", "http://[fd00:ec2::254]/");
    }

    @Test
    void savingAConnectorWithARefusedAddressIsA400WithOnePlainSentence() {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        Set<String> answers = new HashSet<>();
        for (String url : attackUrls(listener.port())) {
            List<Map<String, Object>> bodies = List.of(
                    Map.of("flowPieces", Map.of("url", url, "authMode", "api_key", "projectId", "p", "secret", "k-123")),
                    Map.of("mcp", List.of(Map.of("name", "evil", "url", url + "mcp", "authMode", "none"))),
                    Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o", "baseUrl", url + "v1", "secret", "sk-1")));
            for (Map<String, Object> body : bodies) {
                JsonPath answer = as(admin).body(body).put("/api/pmos/connectors").then().statusCode(400)
                        .body("code", equalTo(AddressNotAllowedException.CODE)).extract().jsonPath();
                answers.add(answer.getString("error"));
            }
        }
        assertEquals(1, answers.size(), "one sentence for every refused address: " + answers);
        assertTrue(answers.iterator().next().contains("PMOS_OUTBOUND_ALLOW_PRIVATE"));
        assertEquals(0, listener.accepted());
    }

    @Test
    void theLocalPresetOnARefusedAddressIsAPlainSettingToChangeNotAServerError() {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body("{\"flowPieces\":{\"preset\":\"local\"}}").put("/api/pmos/connectors")
                .then().statusCode(409)
                .body("ok", equalTo(false))
                .body("code", equalTo("ADDRESS_NOT_ALLOWED"))
                .body("error", containsString("PMOS_OUTBOUND_ALLOW_PRIVATE"));
    }

    @Test
    void testingConnectorsOnANameThatResolvesToLoopbackNeverConnects() throws Exception {
        String host = loopbackName();
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        String base = "http://" + host + ":" + listener.port();
        as(admin).body(Map.of(
                "flowPieces", Map.of("url", base, "authMode", "api_key", "projectId", "p", "secret", "k-123"),
                "mcp", List.of(Map.of("name", "evil", "url", base + "/mcp", "authMode", "none")),
                "ai", Map.of("provider", "ollama", "model", "llama3", "baseUrl", base)))
                .put("/api/pmos/connectors").then().statusCode(200);
        JsonPath results = as(admin).body(Map.of()).post("/api/pmos/connectors/test").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(AddressNotAllowedException.CODE, AddressNotAllowedException.CODE, AddressNotAllowedException.CODE),
                results.getList("results.error.code"), results.prettify());
        assertEquals(Set.of(AddressNotAllowedException.MESSAGE), new HashSet<>(results.getList("results.error.message")));
        assertEquals(Set.of(AddressNotAllowedException.FIX), new HashSet<>(results.getList("results.error.fix")));
        assertEquals(List.of(false, false, false), results.getList("results.reachable"));
        assertEquals(0, listener.accepted(), "the listener on 127.0.0.1 must not have been contacted");
    }

    @Test
    void flowCallsToARefusedAddressAre400NotAServerError() throws Exception {
        String host = loopbackName();
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("url", "http://" + host + ":" + listener.port(), "authMode", "api_key",
                "projectId", "p", "secret", "k-123"))).put("/api/pmos/connectors").then().statusCode(200);
        as(admin).get("/api/pmos/flows").then().statusCode(400).body("code", equalTo(AddressNotAllowedException.CODE));
        as(admin).body(Map.of("displayName", "Exfiltrate")).post("/api/pmos/flows").then().statusCode(400)
                .body("code", equalTo(AddressNotAllowedException.CODE));
        assertEquals(0, listener.accepted());
    }

    @Test
    void closedAndOpenPortsAndMetadataAllAnswerTheSame() throws Exception {
        int closed = CountingListener.closedPort();
        List<String> urls = new ArrayList<>(attackUrls(listener.port()));
        urls.add("http://127.0.0.1:" + closed + "/");
        Set<CheckError> mcpErrors = new HashSet<>();
        Set<CheckError> aiErrors = new HashSet<>();
        Set<String> flowPiecesErrors = new HashSet<>();
        for (String url : urls) {
            CheckResult m = checks.check(record(ConnectorRecord.MCP, new JsonObject().put("url", url + "mcp")
                    .put("authMode", "none"))).await().atMost(WAIT);
            assertFalse(m.reachable(), url);
            mcpErrors.add(m.error());
            CheckResult a = checks.check(record(ConnectorRecord.AI, new JsonObject().put("provider", "ollama")
                    .put("model", "llama3").put("baseUrl", url))).await().atMost(WAIT);
            assertFalse(a.reachable(), url);
            aiErrors.add(a.error());
            FlowPiecesException f = assertThrows(FlowPiecesException.class, () -> flowPieces
                    .flags(new FlowPiecesTarget(url, "k-123", null, null, "p", "attack"), Duration.ofSeconds(2))
                    .await().atMost(WAIT));
            flowPiecesErrors.add(f.code() + " " + f.getMessage());
        }
        CheckError expected = new CheckError(AddressNotAllowedException.CODE, AddressNotAllowedException.MESSAGE,
                AddressNotAllowedException.FIX);
        assertEquals(Set.of(expected), mcpErrors);
        assertEquals(Set.of(expected), aiErrors);
        assertEquals(Set.of(AddressNotAllowedException.CODE + " " + AddressNotAllowedException.MESSAGE), flowPiecesErrors);
        assertEquals(0, listener.accepted());
    }

    @Test
    void aLoopbackListenerIsReachedOnlyWhenTheOperatorAllowsIt() throws Exception {
        String base = "http://127.0.0.1:" + listener.port();
        McpException m = assertThrows(McpException.class,
                () -> mcp.connect(new McpEndpoint(base + "/mcp")).await().atMost(WAIT));
        assertEquals(McpErrorCode.ADDRESS_NOT_ALLOWED, m.code());
        FlowPiecesException f = assertThrows(FlowPiecesException.class, () -> flowPieces
                .flags(new FlowPiecesTarget(base, "k-123", null, null, "p", "strict"), Duration.ofSeconds(2)).await().atMost(WAIT));
        assertEquals(AddressNotAllowedException.CODE, f.code());
        AiProviderException a = assertThrows(AiProviderException.class, () -> ai
                .probe(AiProvider.OLLAMA, base, "llama3", null, Duration.ofSeconds(2)).await().atMost(WAIT));
        assertEquals(AddressNotAllowedException.CODE, a.code());
        assertEquals(0, listener.accepted(), "refused before any connection");

        OutboundPolicy allowed = new OutboundPolicy(vertx.getDelegate(), true);
        McpClient lenientMcp = new McpClient(vertx, McpSettings.defaults(), allowed);
        assertThrows(McpException.class, () -> lenientMcp.connect(new McpEndpoint(base + "/mcp")).await().atMost(WAIT));
        assertTrue(listener.awaitConnection(WAIT), "with private addresses allowed, the MCP client connects");

        try (CountingListener second = new CountingListener(); CountingListener third = new CountingListener()) {
            FlowPiecesClient lenientFlowPieces = new FlowPiecesClient(vertx, config, allowed);
            assertThrows(FlowPiecesException.class, () -> lenientFlowPieces.flags(new FlowPiecesTarget(
                    "http://127.0.0.1:" + second.port(), "k-123", null, null, "p", "lenient"), Duration.ofSeconds(2))
                    .await().atMost(WAIT));
            assertTrue(second.awaitConnection(WAIT), "with private addresses allowed, the Flow Pieces client connects");
            AiProviderProbe lenientAi = new AiProviderProbe(vertx, allowed);
            assertThrows(AiProviderException.class, () -> lenientAi.probe(AiProvider.OLLAMA, "http://127.0.0.1:"
                    + third.port(), "llama3", null, Duration.ofSeconds(2)).await().atMost(WAIT));
            assertTrue(third.awaitConnection(WAIT), "with private addresses allowed, the AI probe connects");
        }
    }

    @Test
    void redirectsAreNeverFollowed() throws Exception {
        // the redirecting server lives on loopback, so these clients allow private addresses; the targets do not matter
        OutboundPolicy allowed = new OutboundPolicy(vertx.getDelegate(), true);
        for (String target : List.of("http://127.0.0.1:" + listener.port() + "/api/v1/flags",
                "http://169.254.169.254/latest/meta-data/")) {
            HttpServer redirecting = server(req -> req.response().setStatusCode(302).putHeader("Location", target).end());
            String base = "http://127.0.0.1:" + redirecting.actualPort();
            FlowPiecesException f = assertThrows(FlowPiecesException.class, () -> new FlowPiecesClient(vertx, config, allowed)
                    .flags(new FlowPiecesTarget(base, "k-123", null, null, "p", "redirect"), Duration.ofSeconds(2))
                    .await().atMost(WAIT));
            assertEquals(FlowPiecesException.BAD_RESPONSE, f.code(), f.getMessage());
            McpException m = assertThrows(McpException.class, () -> new McpClient(vertx, McpSettings.defaults(), allowed)
                    .connect(new McpEndpoint(base + "/mcp")).await().atMost(WAIT));
            assertEquals(McpErrorCode.MCP_REDIRECTED, m.code());
            AiProviderException a = assertThrows(AiProviderException.class, () -> new AiProviderProbe(vertx, allowed)
                    .probe(AiProvider.OLLAMA, base, "llama3", null, Duration.ofSeconds(2)).await().atMost(WAIT));
            assertEquals(AiProviderException.BAD_RESPONSE, a.code());
        }
        assertEquals(0, listener.accepted(), "a redirect target is never contacted");
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndARepointedNameIsRefused() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpServer ollama = server(req -> {
            hosts.add(req.getHeader("Host"));
            req.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("models", List.of(Map.of("name", "llama3:latest"))).encode());
        });
        // a name no real resolver knows: had anything looked it up again, the call would have failed
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        OutboundPolicy policy = new OutboundPolicy(vertx.getDelegate(), true,
                host -> new InetAddress[]{InetAddress.getByName(answer.get())});
        AiProviderProbe probe = new AiProviderProbe(vertx, policy);
        String base = "http://models.rebind.test:" + ollama.actualPort();
        assertTrue(probe.probe(AiProvider.OLLAMA, base, "llama3", null, Duration.ofSeconds(2)).await().atMost(WAIT).modelAvailable());
        assertEquals(List.of("models.rebind.test:" + ollama.actualPort()), hosts, "the Host header keeps the configured name");

        answer.set("169.254.169.254"); // the attacker's DNS now answers the metadata address
        AiProviderException a = assertThrows(AiProviderException.class,
                () -> probe.probe(AiProvider.OLLAMA, base, "llama3", null, Duration.ofSeconds(2)).await().atMost(WAIT));
        assertEquals(AddressNotAllowedException.CODE, a.code());
        assertEquals(AddressNotAllowedException.MESSAGE, a.getMessage());
        assertEquals(1, hosts.size());
    }

    @Test
    void anMcpToolCallAfterTheNameWasRepointedIsRefused() throws Exception {
        java.net.URI reference = java.net.URI.create(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue(io.pmos.mcp.ReferenceMcpServerResource.URL_PROPERTY, String.class));
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        McpClient client = new McpClient(vertx, McpSettings.defaults(), new OutboundPolicy(vertx.getDelegate(), true,
                host -> new InetAddress[]{InetAddress.getByName(answer.get())}));
        io.pmos.mcp.McpSession session = client.connect(new McpEndpoint("http://tools.rebind.test:" + reference.getPort()
                + reference.getPath())).await().atMost(WAIT);
        try {
            assertFalse(session.listTools().await().atMost(WAIT).isEmpty());
            answer.set("169.254.169.254"); // the name now points at the metadata service
            McpException e = assertThrows(McpException.class, () -> session.callTool("echo",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("message", "hi"))
                    .await().atMost(WAIT));
            assertEquals(McpErrorCode.ADDRESS_NOT_ALLOWED, e.code());
            assertEquals(AddressNotAllowedException.MESSAGE, e.getMessage());
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    @Test
    void aChatModelCallToARefusedAddressEndsTheRunWithAddressNotAllowed() throws Exception {
        String host = loopbackName();
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("ai", Map.of("provider", "ollama", "model", "llama3",
                "baseUrl", "http://" + host + ":" + listener.port()))).put("/api/pmos/connectors").then().statusCode(200);
        String conversation = as(admin).body(Map.of("title", "Policy")).post("/api/pmos/chat/conversations").then()
                .statusCode(201).extract().path("conversation.id");
        String run = as(admin).body(Map.of("text", "hello")).post("/api/pmos/chat/conversations/" + conversation + "/messages")
                .then().statusCode(202).extract().path("runId");
        JsonPath trace = awaitFinished(admin, run);
        assertEquals(AddressNotAllowedException.CODE, trace.getString("events.find { it.type == 'run.error' }.data.code"),
                trace.prettify());
        assertTrue(trace.getString("events.find { it.type == 'run.error' }.data.message")
                .startsWith(AddressNotAllowedException.MESSAGE));
        assertEquals(0, listener.accepted());
    }

    private static JsonPath awaitFinished(String admin, String run) {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonPath trace = null;
        while (System.nanoTime() < end) {
            trace = as(admin).get("/api/pmos/chat/runs/" + run + "/trace").then().statusCode(200).extract().jsonPath();
            if (trace.getList("events.type").contains("run.finished")) {
                return trace;
            }
        }
        throw new AssertionError("the run did not finish: " + (trace == null ? "" : trace.prettify()));
    }

    /** This machine's own name when it resolves to loopback or private addresses only (skips the test otherwise). */
    private static String loopbackName() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        InetAddress[] all = InetAddress.getAllByName(host);
        assumeTrue(!OutboundAddresses.isLocalhostName(host) && java.util.Arrays.stream(all)
                .allMatch(a -> OutboundAddresses.classify(a).needsPrivate()), "no name of this host resolves to loopback");
        return host;
    }

    private static ConnectorRecord record(String kind, JsonObject config) {
        return new ConnectorRecord(UUID.randomUUID(), UUID.randomUUID(), kind, kind.equals(ConnectorRecord.MCP) ? "evil" : kind,
                config, null, null, null);
    }

    private HttpServer server(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.getDelegate().createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        cleanup.add(() -> server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return server;
    }
}
