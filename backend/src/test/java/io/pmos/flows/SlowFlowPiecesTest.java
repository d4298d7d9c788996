package io.pmos.flows;

import io.pmos.TestSupport;
import io.pmos.testing.FaultProxy;
import io.pmos.testing.FlowPiecesBehindProxy;
import io.pmos.testing.LocalFlowPieces;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 4: Flow Pieces answers after PMOS's time budget. Flow Pieces sits behind a {@link FaultProxy};
 * the budget is 1 s ({@link ShortFlowPiecesBudget}).
 */
@QuarkusTest
@TestProfile(ShortFlowPiecesBudget.class)
class SlowFlowPiecesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FaultProxy proxy;
    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        proxy = FlowPiecesBehindProxy.start();
        FlowPiecesBehindProxy.connect(admin, proxy);
    }

    @AfterEach
    void tearDown() {
        proxy.heal();
        proxy.close();
    }

    private Response create(String name, String key) {
        return as(admin).header("Idempotency-Key", key).body(Map.of("displayName", name)).post("/api/pmos/flows");
    }

    /** The project's flows with this name, read from Flow Pieces itself (not through PMOS or the proxy). */
    private static List<JsonObject> flowsInFlowPieces(String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalFlowPieces.url() + "/api/v1/flows?limit=100&projectId="
                        + LocalFlowPieces.PROJECT_ID + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + LocalFlowPieces.API_KEY).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        List<JsonObject> flows = new ArrayList<>();
        for (Object o : new JsonObject(answer.body()).getJsonArray("data", new JsonArray())) {
            flows.add((JsonObject) o);
        }
        return flows;
    }

    @Test
    void aCreateAnsweredTooLateIsNotMadeTwiceByItsRetry() throws Exception {
        String name = "Slow create " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        proxy.delayReplies(Duration.ofSeconds(3));

        create(name, key).then().statusCode(504)
                .header("Idempotency-Key", key)
                .body("code", equalTo("FLOW_PIECES_OUTCOME_UNKNOWN"))
                .body("error", containsString("may or may not have been applied"))
                .body("error", containsString("same Idempotency-Key"));
        // the fault of the issue: Flow Pieces did apply the create whose answer came too late
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (flowsInFlowPieces(name).isEmpty() && Instant.now().isBefore(end)) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        List<JsonObject> made = flowsInFlowPieces(name);
        assertEquals(1, made.size(), "the first attempt reached Flow Pieces");

        proxy.heal();
        String retried = create(name, key).then().statusCode(201).extract().path("flow.id");
        assertEquals(made.get(0).getString("id"), retried, "the retry answers the flow the first attempt made");
        String again = create(name, key).then().statusCode(201).extract().path("flow.id");
        assertEquals(retried, again);
        assertEquals(1, flowsInFlowPieces(name).size(), "exactly one flow in Flow Pieces");

        // the same key for another flow is refused rather than answered with the wrong flow
        create("Another " + name, key).then().statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(1L, ((Number) TestSupport.scalar("SELECT count(*) FROM audit_events WHERE action = 'flow.create'"))
                .longValue(), "one create in the audit log");
    }

    @Test
    void aReadOfAStalledFlowPiecesEndsWithinItsBudgetRetriesIncluded() {
        String id = create("Stalled read " + UUID.randomUUID(), UUID.randomUUID().toString()).then().statusCode(201)
                .extract().path("flow.id");
        proxy.stall();

        long started = System.nanoTime();
        as(admin).get("/api/pmos/flows/" + id).then().statusCode(502)
                .body("code", equalTo("FLOW_PIECES_TIMEOUT"))
                .body("error", containsString("did not answer within 1 s, retries included"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // 1 s budget; six attempts of 1 s each (the fault) would take over 6 s. Generous bound:
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "the read took " + took);

        proxy.heal();
        as(admin).get("/api/pmos/flows/" + id).then().statusCode(200).body("flow.id", equalTo(id));
    }
}
