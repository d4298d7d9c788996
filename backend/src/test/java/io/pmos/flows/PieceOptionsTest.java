package io.pmos.flows;

import io.pmos.TestSupport;
import io.pmos.testing.LocalFlowPieces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 8 §7: POST /api/pmos/pieces/options answered 502 "refused credentials" for every input (PMOS called Flow
 * Pieces' user-only options route with an API key, and never said that the step had no app connection).
 */
@QuarkusTest
class PieceOptionsTest {

    static final String SLACK = "@activepieces/piece-slack";
    static final String SCHEDULE = "@activepieces/piece-schedule";

    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
    }

    private void connect(Map<String, Object> flowPieces) {
        as(admin).body(Map.of("flowPieces", flowPieces)).put("/api/pmos/connectors").then().statusCode(200);
    }

    private void connectSignedIn() {
        connect(Map.of("url", LocalFlowPieces.url(), "authMode", "password", "email", LocalFlowPieces.USER_EMAIL,
                "secret", LocalFlowPieces.USER_PASSWORD, "projectId", LocalFlowPieces.PROJECT_ID));
    }

    private String flow() {
        return as(admin).body(Map.of("displayName", "Options")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
    }

    private Response options(String flowId, String piece, String step, String property, Map<String, Object> input) {
        Map<String, Object> body = new HashMap<>(Map.of("pieceName", piece,
                "pieceVersion", FlowsResourceTest.version(admin, piece), "actionOrTriggerName", step,
                "propertyName", property, "input", input));
        if (flowId != null) {
            body.put("flowId", flowId);
        }
        return as(admin).body(body).post("/api/pmos/pieces/options");
    }

    @Test
    void aSlackChannelWithoutAConnectionAsksForTheConnection() {
        connectSignedIn();
        Response r = options(flow(), SLACK, "send_channel_message", "channel", Map.of());
        r.then().statusCode(409).body("code", equalTo("CONNECTION_REQUIRED"))
                .body("error", startsWith("Choose a Slack connection for this step first"));
        assertFalse(r.asString().contains("credentials"), r.asString());
    }

    @Test
    void validInputsAreAnsweredByTheLocalFlowPiecesWhenPmosSignsIn() {
        connectSignedIn();
        String flowId = flow();
        options(flowId, SCHEDULE, "every_week", "day_of_the_week", Map.of()).then().statusCode(200)
                .body("options.options[1].label", equalTo("Monday"));
        // The stand-in does not call Slack: it answers honestly that the account's channels cannot be listed.
        options(flowId, SLACK, "send_channel_message", "channel", Map.of("auth", "{{connections['slack-main']}}"))
                .then().statusCode(200).body("options.disabled", equalTo(true))
                .body("options.placeholder", startsWith("No third-party account is connected"));
    }

    /** The review's replay: the local preset connects with an API key, which Flow Pieces' options route refuses. */
    @Test
    void anApiKeyConnectorIsToldWhyAndWhatToDoInsteadOfRefusedCredentials() {
        connect(Map.of("preset", "local"));
        String flowId = flow();
        for (List<Object> c : List.<List<Object>>of(
                List.of(SLACK, "send_channel_message", "channel", Map.of("auth", "{{connections['slack-main']}}")),
                List.of(SCHEDULE, "every_week", "day_of_the_week", Map.of()))) {
            @SuppressWarnings("unchecked")
            Response r = options(flowId, (String) c.get(0), (String) c.get(1), (String) c.get(2), (Map<String, Object>) c.get(3));
            r.then().statusCode(409).body("code", equalTo("OPTIONS_NEED_USER_SIGN_IN"))
                    .body("error", startsWith("Flow Pieces loads dropdown options only for a signed-in user"));
        }
        // The missing connection is still named first: it is what the user can fix in the step itself.
        options(flowId, SLACK, "send_channel_message", "channel", Map.of()).then().statusCode(409)
                .body("code", equalTo("CONNECTION_REQUIRED"));
    }

    @Test
    void unknownStepsAndFieldsAndAMissingFlowArePlainRefusals() {
        connectSignedIn();
        String flowId = flow();
        options(flowId, SLACK, "no_such_action", "channel", Map.of()).then().statusCode(404)
                .body("error", equalTo("Slack has no action or trigger 'no_such_action'."));
        options(flowId, SLACK, "send_channel_message", "nope", Map.of()).then().statusCode(404)
                .body("error", equalTo("Slack has no field 'nope' on 'send_channel_message'."));
        Response noFlow = options(null, SLACK, "send_channel_message", "channel", Map.of());
        assertEquals(400, noFlow.statusCode(), noFlow.asString());
    }
}
