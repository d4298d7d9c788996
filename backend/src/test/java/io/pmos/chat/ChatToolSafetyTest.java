package io.pmos.chat;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §8, replayed through the API with the real reference MCP server (server-everything) as the workspace's
 * "bcgpt" connection: its get-env tool is not a read for anyone, and a viewer chats with read tools only.
 */
@QuarkusTest
class ChatToolSafetyTest {

    private String admin;
    private String viewer;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"), "mcp", List.of(Map.of("name", "bcgpt", "preset", "local"))))
                .put("/api/pmos/connectors").then().statusCode(200);
        viewer = TestSupport.invited(admin, TestSupport.uniqueEmail("viewer"), "viewer");
    }

    static String conversation(String who) {
        return ChatApi.conversation(who, "Safety");
    }

    static String send(String who, String conversation, String text) {
        return ChatApi.send(who, conversation, text);
    }

    static JsonPath awaitEvent(String who, String runId, String type) {
        return ChatApi.awaitEvent(who, runId, type);
    }


    @Test
    void aViewerAskingForGetEnvIsRefusedAndSeesNoEnvironment() {
        String run = send(viewer, conversation(viewer), "call tool get-env");
        JsonPath trace = awaitEvent(viewer, run, "run.finished");
        assertEquals("bcgpt__get-env", trace.getString("events.find { it.type == 'tool.finished' }.data.tool"));
        assertEquals("error", trace.getString("events.find { it.type == 'tool.finished' }.data.status"));
        assertTrue(trace.getString("events.find { it.type == 'tool.finished' }.data.error").contains("viewer"));
        assertFalse(trace.getList("events.type").contains("tool.started"), "the tool was never called");
        assertFalse(trace.getList("events.type").contains("approval.requested"), "a viewer's call is refused, not queued");
        String all = trace.prettify();
        assertFalse(all.contains("PATH") || all.contains("PORT=") || all.contains("\"PORT\""), all);
        assertEquals(0, TestSupport.count("SELECT count(*) FROM approvals"));
    }

    @Test
    void evenAnAdminsGetEnvWaitsForApprovalInsteadOfRunningAsARead() {
        String run = send(admin, conversation(admin), "call tool get-env");
        JsonPath waiting = awaitEvent(admin, run, "approval.requested");
        assertTrue(waiting.getString("events.find { it.type == 'approval.requested' }.data.reason").contains("reveal secrets"));
        assertFalse(waiting.getList("events.type").contains("tool.started"), "nothing ran before a decision");
        // the trace announces the request a moment before the run row records its wait
        assertEquals("waiting_approval", ChatApi.awaitStatus(run, "waiting_approval"));

        // once approved it runs, and the reference server (started like `make run` starts it) has nothing of ours
        String approvalId = waiting.getString("events.find { it.type == 'approval.requested' }.data.approvalId");
        as(admin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approvalId + "/decision").then().statusCode(200);
        JsonPath done = awaitEvent(admin, run, "run.finished");
        String printed = done.getString("events.find { it.type == 'tool.finished' }.data.result.text");
        assertTrue(printed.contains("PATH"), printed);
        assertFalse(printed.contains("PMOS_") || printed.contains("JAVA_HOME") || printed.contains("MAVEN"), printed);
    }

    @Test
    void aViewerRunsReadToolsButCannotCreateChangeRunOrDeleteFlowsThroughChat() {
        awaitEvent(admin, send(admin, conversation(admin), "create a flow named Payroll"), "run.finished");
        String chat = conversation(viewer);
        JsonPath echo = awaitEvent(viewer, send(viewer, chat, "call tool echo with {\"message\": \"viewer says hi\"}"), "run.finished");
        assertEquals("ok", echo.getString("events.find { it.type == 'tool.finished' }.data.status"));
        JsonPath list = awaitEvent(viewer, send(viewer, chat, "list flows"), "run.finished");
        assertEquals("ok", list.getString("events.find { it.type == 'tool.finished' }.data.status"));

        // even when the workspace lowered flow_create and flow_run to "read", a viewer does not change flows
        as(admin).body(Map.of("riskOverrides", Map.of("flow_create", "read", "flow_run", "read"))).put("/api/pmos/workspace/settings")
                .then().statusCode(200);
        for (String command : List.of("create a flow named Viewer made", "rename flow Payroll to Mine",
                "add a slack step to flow Payroll", "run flow Payroll", "publish flow Payroll", "delete flow Payroll")) {
            JsonPath trace = awaitEvent(viewer, send(viewer, chat, command), "run.finished");
            assertEquals("error", trace.getString("events.find { it.type == 'tool.finished' }.data.status"), command);
            assertTrue(trace.getString("events.find { it.type == 'tool.finished' }.data.error").contains("viewer"), command);
            assertFalse(trace.getList("events.type").contains("tool.started"), command);
        }
        assertEquals(0, TestSupport.count("SELECT count(*) FROM approvals"));
        as(admin).get("/api/pmos/flows").then().body("flows.displayName", hasItem("Payroll"))
                .body("flows.displayName", not(hasItem("Viewer made"))).body("flows.displayName", not(hasItem("Mine")));
        String flowId = as(admin).get("/api/pmos/flows").then().extract().path("flows.find { it.displayName == 'Payroll' }.id");
        as(admin).get("/api/pmos/flows/" + flowId + "/runs").then().statusCode(200).body("runs.size()", org.hamcrest.Matchers.equalTo(0));
    }
}
