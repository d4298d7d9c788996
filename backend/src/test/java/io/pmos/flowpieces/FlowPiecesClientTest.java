package io.pmos.flowpieces;

import io.pmos.testing.LocalFlowPieces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flow Pieces client against the local Flow Pieces, which applies operations with Activepieces' own code. */
@QuarkusTest
class FlowPiecesClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    FlowPiecesClient client;

    private FlowPiecesTarget apiKey() {
        return new FlowPiecesTarget(LocalFlowPieces.url(), LocalFlowPieces.API_KEY, null, null,
                LocalFlowPieces.PROJECT_ID, "test-" + UUID.randomUUID());
    }

    private FlowPiecesTarget password() {
        return new FlowPiecesTarget(LocalFlowPieces.url(), null, LocalFlowPieces.USER_EMAIL, LocalFlowPieces.USER_PASSWORD,
                LocalFlowPieces.PROJECT_ID, "test-" + UUID.randomUUID());
    }

    @Test
    void flowLifecycleThroughOperations() {
        FlowPiecesTarget t = apiKey();
        JsonObject flow = client.createFlow(t, "Client test flow", UUID.randomUUID().toString()).await().atMost(WAIT);
        String id = flow.getString("id");
        assertEquals(21, id.length());
        assertEquals("Client test flow", flow.getJsonObject("version").getString("displayName"));

        JsonObject renamed = client.applyOperation(t, id, new JsonObject().put("type", "CHANGE_NAME")
                .put("request", new JsonObject().put("displayName", "Renamed by PMOS"))).await().atMost(WAIT);
        assertEquals("Renamed by PMOS", renamed.getJsonObject("version").getString("displayName"));
        assertEquals("Renamed by PMOS", client.getFlow(t, id).await().atMost(WAIT).getJsonObject("version").getString("displayName"));

        List<JsonObject> all = client.allFlows(t, 1000).await().atMost(WAIT);
        assertTrue(all.stream().anyMatch(f -> f.getString("id").equals(id)));

        client.deleteFlow(t, id).await().atMost(WAIT);
        FlowPiecesException gone = assertThrows(FlowPiecesException.class, () -> client.getFlow(t, id).await().atMost(WAIT));
        assertEquals(FlowPiecesException.NOT_FOUND, gone.code());
    }

    @Test
    void aBadOperationIsRejectedWithTheServersReason() {
        FlowPiecesTarget t = apiKey();
        String id = client.createFlow(t, "Bad op", UUID.randomUUID().toString()).await().atMost(WAIT).getString("id");
        FlowPiecesException e = assertThrows(FlowPiecesException.class, () -> client.applyOperation(t, id,
                new JsonObject().put("type", "NOT_AN_OPERATION").put("request", new JsonObject())).await().atMost(WAIT));
        assertEquals(FlowPiecesException.REJECTED, e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void passwordModeSignsInAndRenewsAnExpiredToken() {
        FlowPiecesTarget t = password();
        JsonObject page = client.listFlows(t, null, 5).await().atMost(WAIT);
        assertNotNull(page.getJsonArray("data"));
        // A token the server no longer accepts (401) is dropped; the client signs in again once and the call succeeds.
        client.rememberToken(t, "expired-or-revoked-token");
        assertNotNull(client.listFlows(t, null, 5).await().atMost(WAIT).getJsonArray("data"));
        assertNotNull(client.createFlow(t, "After renewal", UUID.randomUUID().toString()).await().atMost(WAIT).getString("id"));
    }

    @Test
    void wrongCredentialsAndProjectsHaveStableCodes() {
        FlowPiecesTarget wrongKey = new FlowPiecesTarget(LocalFlowPieces.url(), "sk-nope-0000000000000000", null, null,
                LocalFlowPieces.PROJECT_ID, "x");
        assertEquals(FlowPiecesException.AUTH_FAILED, assertThrows(FlowPiecesException.class,
                () -> client.listFlows(wrongKey, null, 5).await().atMost(WAIT)).code());
        FlowPiecesTarget wrongPassword = new FlowPiecesTarget(LocalFlowPieces.url(), null, LocalFlowPieces.USER_EMAIL,
                "wrong-password", LocalFlowPieces.PROJECT_ID, "y");
        assertEquals(FlowPiecesException.AUTH_FAILED, assertThrows(FlowPiecesException.class,
                () -> client.listFlows(wrongPassword, null, 5).await().atMost(WAIT)).code());
        FlowPiecesTarget otherProject = apiKey().withProject("someOtherProject00001");
        assertEquals(FlowPiecesException.PROJECT_NOT_FOUND, assertThrows(FlowPiecesException.class,
                () -> client.countFlows(otherProject, WAIT, 10).await().atMost(WAIT)).code());
    }

    @Test
    void seekPagesAreFollowed() {
        FlowPiecesTarget t = apiKey();
        for (int i = 0; i < 3; i++) {
            client.createFlow(t, "Paged " + i, UUID.randomUUID().toString()).await().atMost(WAIT);
        }
        JsonObject first = client.listFlows(t, null, 2).await().atMost(WAIT);
        assertEquals(2, first.getJsonArray("data").size());
        assertNotNull(first.getString("next"));
        JsonObject second = client.listFlows(t, first.getString("next"), 2).await().atMost(WAIT);
        assertFalse(second.getJsonArray("data").isEmpty());
        int total = client.countFlows(t, WAIT, 1000).await().atMost(WAIT);
        assertTrue(total >= 3);
        assertEquals(total, client.allFlows(t, 1000).await().atMost(WAIT).size());
    }

    @Test
    void piecesAndConnectionsAreListed() {
        FlowPiecesTarget t = apiKey();
        JsonArray pieces = client.listPieces(t, "slack").await().atMost(WAIT);
        assertTrue(pieces.stream().anyMatch(p -> ((JsonObject) p).getString("name").equals("@activepieces/piece-slack")));
        JsonObject slack = client.getPiece(t, "@activepieces/piece-slack", null).await().atMost(WAIT);
        assertTrue(slack.getJsonObject("actions").containsKey("send_channel_message"), slack.getJsonObject("actions").fieldNames().toString());
        assertNotNull(client.listConnections(t, null, 10).await().atMost(WAIT).getJsonArray("data"));
    }

    @Test
    void aDisabledOrUnknownFlowsWebhookSaysSo() {
        FlowPiecesTarget t = apiKey();
        String id = client.createFlow(t, "Webhook flow", UUID.randomUUID().toString()).await().atMost(WAIT).getString("id");
        FlowPiecesException disabled = assertThrows(FlowPiecesException.class,
                () -> client.triggerWebhook(t, id, new JsonObject().put("x", 1), false, false).await().atMost(WAIT));
        assertEquals(FlowPiecesException.NOT_FOUND, disabled.code());
        FlowPiecesException unknown = assertThrows(FlowPiecesException.class,
                () -> client.triggerWebhook(t, "unknownFlowId00000001", new JsonObject(), false, false).await().atMost(WAIT));
        assertEquals(410, unknown.httpStatus());
    }
}
