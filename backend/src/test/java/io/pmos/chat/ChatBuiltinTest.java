package io.pmos.chat;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat in built-in mode (no AI model): flow tools, the trace, and approvals end to end. */
@QuarkusTest
class ChatBuiltinTest {

    @Inject
    ChatLifecycle lifecycle;

    private String admin;
    private String conversation;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        conversation = as(admin).body(Map.of("title", "Ops")).post("/api/pmos/chat/conversations").then().statusCode(201)
                .extract().path("conversation.id");
    }

    private String send(String who, String text) {
        return ChatApi.send(who, conversation, text);
    }

    private JsonPath awaitEvent(String who, String runId, String type) {
        return ChatApi.awaitEvent(who, runId, type);
    }

    @Test
    void createsAFlowWithStepsAndTracesEveryStep() {
        String run = send(admin, "create a flow named Daily digest with a schedule trigger and a slack message");
        JsonPath trace = awaitEvent(admin, run, "run.finished");
        List<String> types = trace.getList("events.type");
        assertEquals("run.started", types.get(0));
        assertEquals("run.finished", types.get(types.size() - 1));
        assertTrue(types.containsAll(List.of("tool.started", "tool.finished", "flow.updated", "assistant.message")), types.toString());
        assertEquals(List.of("flow_create", "step_add"), trace.getList("events.findAll { it.type == 'tool.started' }.data.tool"));
        assertEquals(List.of("ok", "ok"), trace.getList("events.findAll { it.type == 'tool.finished' }.data.status"));
        assertEquals("succeeded", trace.getString("events.find { it.type == 'run.finished' }.data.status"));
        List<Integer> seqs = trace.getList("events.seq");
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "seq is monotonic without gaps");
        }
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Daily digest"));
        String flowId = as(admin).get("/api/pmos/flows").then().extract().path("flows.find { it.displayName == 'Daily digest' }.id");
        as(admin).get("/api/pmos/flows/" + flowId).then()
                .body("flow.version.trigger.settings.pieceName", equalTo("@activepieces/piece-schedule"))
                .body("flow.version.trigger.nextAction.settings.pieceName", equalTo("@activepieces/piece-slack"));
        as(admin).get("/api/pmos/chat/conversations/" + conversation).then().statusCode(200)
                .body("messages.role", equalTo(List.of("user", "assistant")));
    }

    @Test
    void deletingWaitsForApprovalAndRunsOnlyAfterIt() {
        awaitEvent(admin, send(admin, "create a flow named Doomed"), "run.finished");
        String run = send(admin, "delete flow Doomed");
        JsonPath waiting = awaitEvent(admin, run, "approval.requested");
        String approvalId = waiting.getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Doomed"));
        // a second message while the run waits is refused
        as(admin).body(Map.of("text", "list flows")).post("/api/pmos/chat/conversations/" + conversation + "/messages")
                .then().statusCode(409);
        as(admin).get("/api/pmos/approvals?status=pending").then().statusCode(200)
                .body("approvals.id", hasItem(approvalId)).body("approvals[0].tool", equalTo("flow_delete"));

        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then()
                .statusCode(200).body("approval.status", equalTo("approved"));
        assertEquals(1, TestSupport.count("SELECT count(*) FROM audit_events WHERE action = 'approval.request' "
                + "AND detail->>'approvalId' = '" + approvalId + "'"));
        assertEquals(1, TestSupport.count("SELECT count(*) FROM audit_events WHERE action = 'approval.decide' "
                + "AND detail->>'approvalId' = '" + approvalId + "' AND detail->>'decision' = 'approved'"));
        JsonPath done = awaitEvent(admin, run, "run.finished");
        assertTrue(done.getList("events.type").contains("approval.resolved"));
        assertEquals("ok", done.getString("events.findAll { it.type == 'tool.finished' }.last().data.status"));
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", not(hasItem("Doomed")));
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(409);
    }

    @Test
    void aDenialIsToldToTheModelAndNothingRuns() {
        awaitEvent(admin, send(admin, "create a flow named Keeper"), "run.finished");
        String run = send(admin, "delete flow Keeper");
        String approvalId = awaitEvent(admin, run, "approval.requested")
                .getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        as(admin).body(Map.of("decision", "deny", "reason", "We still need it")).post("/api/pmos/approvals/" + approvalId + "/decision")
                .then().statusCode(200);
        JsonPath done = awaitEvent(admin, run, "run.finished");
        assertTrue(done.getString("events.findAll { it.type == 'tool.finished' }.last().data.error").contains("We still need it"));
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Keeper"));
    }

    @Test
    void changedArgumentsAfterApprovalAreRefused() {
        awaitEvent(admin, send(admin, "create a flow named Safe"), "run.finished");
        String run = send(admin, "delete flow Safe");
        String approvalId = awaitEvent(admin, run, "approval.requested")
                .getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        TestSupport.exec("UPDATE approvals SET arguments = '{\"flow\": \"Something else\"}' WHERE id = '" + approvalId + "'");
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(200);
        JsonPath done = awaitEvent(admin, run, "run.finished");
        assertTrue(done.getString("events.findAll { it.type == 'tool.finished' }.last().data.error").contains("not the ones that were approved"));
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Safe"));
    }

    @Test
    void expiredRequestsAreRefusalsAndWrongRolesOrOwnRequestsUnderFourEyesCannotDecide() {
        awaitEvent(admin, send(admin, "create a flow named Lingering"), "run.finished");
        String run = send(admin, "delete flow Lingering");
        String approvalId = awaitEvent(admin, run, "approval.requested")
                .getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        String member = TestSupport.invited(admin, "m@example.com", "member");
        as(member).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(403);
        TestSupport.exec("INSERT INTO workspace_settings (workspace_id, four_eyes) SELECT workspace_id, true FROM approvals "
                + "WHERE id = '" + approvalId + "' ON CONFLICT (workspace_id) DO UPDATE SET four_eyes = true");
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(403)
                .body("error", containsString("Four-eyes"));

        TestSupport.exec("UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = '" + approvalId + "'");
        lifecycle.expireApprovals().await().atMost(Duration.ofSeconds(10));
        JsonPath done = awaitEvent(admin, run, "run.finished");
        assertTrue(done.getString("events.findAll { it.type == 'tool.finished' }.last().data.error").contains("in time"));
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Lingering"));
    }

    @Test
    void aWaitingRunSurvivesAnInstanceStartAndResumesAfterTheDecision() {
        awaitEvent(admin, send(admin, "create a flow named Survivor"), "run.finished");
        String run = send(admin, "delete flow Survivor");
        String approvalId = awaitEvent(admin, run, "approval.requested")
                .getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        // what an instance does at start-up: only runs whose lease expired are ended, the waiting one stays
        ChatApi.awaitStatus(run, "waiting_approval");
        lifecycle.onStart(null);
        assertEquals("waiting_approval", TestSupport.scalar("SELECT status FROM chat_runs WHERE id = '" + run + "'"));
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(200);
        awaitEvent(admin, run, "run.finished");
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", not(hasItem("Survivor")));
    }

    @Test
    void cancelEndsAWaitingRunAndItsRequest() {
        awaitEvent(admin, send(admin, "create a flow named Paused"), "run.finished");
        String run = send(admin, "delete flow Paused");
        String approvalId = awaitEvent(admin, run, "approval.requested")
                .getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        as(admin).post("/api/pmos/chat/runs/" + run + "/cancel").then().statusCode(200);
        JsonPath done = awaitEvent(admin, run, "run.finished");
        assertEquals("cancelled", done.getString("events.find { it.type == 'run.finished' }.data.status"));
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(409);
        as(admin).post("/api/pmos/chat/runs/" + run + "/cancel").then().statusCode(409);
    }

    @Test
    void conversationsAndRunsArePrivate() {
        String run = send(admin, "list flows");
        awaitEvent(admin, run, "run.finished");
        String other = TestSupport.signupCookie("Bert Other", "bert@example.com");
        as(other).get("/api/pmos/chat/conversations/" + conversation).then().statusCode(404);
        as(other).get("/api/pmos/chat/runs/" + run + "/trace").then().statusCode(404);
        as(other).body(Map.of("text", "hi")).post("/api/pmos/chat/conversations/" + conversation + "/messages").then().statusCode(404);
        as(admin).body(Map.of("text", "")).post("/api/pmos/chat/conversations/" + conversation + "/messages").then().statusCode(400);
    }

    @Test
    void aWorkspaceCanRaiseOrLowerAToolsRiskAndTurnOnFourEyes() {
        as(admin).body(Map.of("riskOverrides", Map.of("flows_list", "high"), "fourEyes", true))
                .put("/api/pmos/workspace/settings").then().statusCode(200)
                .body("settings.fourEyes", equalTo(true)).body("settings.riskOverrides.flows_list", equalTo("high"));
        String run = send(admin, "list flows");
        JsonPath waiting = awaitEvent(admin, run, "approval.requested");
        assertTrue(waiting.getString("events.find { it.type == 'approval.requested' }.data.reason").contains("risk set to high"));
        as(admin).body(Map.of("riskOverrides", Map.of("flows_list", "dangerous"))).put("/api/pmos/workspace/settings")
                .then().statusCode(400);
        as(admin).body(Map.of("riskOverrides", Map.of("flow_delete", "read"), "fourEyes", false))
                .put("/api/pmos/workspace/settings").then().statusCode(200);
        as(admin).post("/api/pmos/chat/runs/" + run + "/cancel").then().statusCode(200);
        awaitEvent(admin, send(admin, "create a flow named Quick"), "run.finished");
        JsonPath deleted = awaitEvent(admin, send(admin, "delete flow Quick"), "run.finished");
        assertTrue(!deleted.getList("events.type").contains("approval.requested"), "lowered to read: runs at once");
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", not(hasItem("Quick")));
    }

    @Test
    void mcpToolsAreCalledByName() {
        as(admin).body(Map.of("mcp", List.of(Map.of("name", "bcgpt", "preset", "local")))).put("/api/pmos/connectors").then().statusCode(200);
        String run = send(admin, "call tool echo with {\"message\": \"hello from chat\"}");
        JsonPath trace = awaitEvent(admin, run, "run.finished");
        assertEquals("bcgpt__echo", trace.getString("events.find { it.type == 'tool.started' }.data.tool"));
        assertTrue(trace.getString("events.find { it.type == 'tool.finished' }.data.result.text").contains("hello from chat"));
    }
}
