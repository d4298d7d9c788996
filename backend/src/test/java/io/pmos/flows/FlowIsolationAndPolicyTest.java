package io.pmos.flows;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Each workspace sees only its own Flow Pieces project, and the flow policy decides who publishes and deletes. */
@QuarkusTest
class FlowIsolationAndPolicyTest {

    private String adminA;
    private String adminB;
    private String flowA;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        adminA = TestSupport.signupCookie("Alice Admin", "alice@example.com");
        adminB = TestSupport.signupCookie("Bert Admin", "bert@example.com");
        for (String admin : new String[]{adminA, adminB}) {
            as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        }
        flowA = as(adminA).body(Map.of("displayName", "Alice's flow")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
    }

    private String rename(String who, String flowId, String name) {
        return String.valueOf(as(who).body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", name)))
                .post("/api/pmos/flows/" + flowId + "/operations").statusCode());
    }

    @Test
    void workspacesOnTheSameLocalFlowPiecesGetTheirOwnProjects() {
        String projectA = as(adminA).get("/api/pmos/connectors").then().extract().path("flowPieces.projectId");
        String projectB = as(adminB).get("/api/pmos/connectors").then().extract().path("flowPieces.projectId");
        assertNotEquals(projectA, projectB);
        as(adminB).get("/api/pmos/flows").then().statusCode(200).body("flows.id", not(hasItem(flowA)));
    }

    @Test
    void anotherWorkspacesFlowIsNotFoundForEveryCall() {
        as(adminB).get("/api/pmos/flows/" + flowA).then().statusCode(404);
        as(adminB).body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", "Hijacked")))
                .post("/api/pmos/flows/" + flowA + "/operations").then().statusCode(404);
        as(adminB).delete("/api/pmos/flows/" + flowA).then().statusCode(404);
        as(adminB).get("/api/pmos/flows/" + flowA + "/runs").then().statusCode(404);
        as(adminB).body(Map.of()).post("/api/pmos/flows/" + flowA + "/runs").then().statusCode(404);
        as(adminA).get("/api/pmos/flows/" + flowA).then().statusCode(200)
                .body("flow.version.displayName", equalTo("Alice's flow"));
    }

    @Test
    void viewersReadOnlyMembersEditAndThePolicyDecidesPublishAndDelete() {
        String viewer = TestSupport.invited(adminA, "v@example.com", "viewer");
        String member = TestSupport.invited(adminA, "m@example.com", "member");

        as(viewer).get("/api/pmos/flows/" + flowA).then().statusCode(200);
        as(viewer).body(Map.of("displayName", "Nope")).post("/api/pmos/flows").then().statusCode(403);
        as(viewer).body(Map.of("type", "CHANGE_NAME", "request", Map.of("displayName", "x")))
                .post("/api/pmos/flows/" + flowA + "/operations").then().statusCode(403);
        as(viewer).delete("/api/pmos/flows/" + flowA).then().statusCode(403);

        org.junit.jupiter.api.Assertions.assertEquals("200", rename(member, flowA, "Edited by member"));
        as(member).body(Map.of("type", "LOCK_AND_PUBLISH", "request", Map.of()))
                .post("/api/pmos/flows/" + flowA + "/operations").then().statusCode(403)
                .body("error", org.hamcrest.Matchers.containsString("Only workspace admins can publish"));
        as(member).delete("/api/pmos/flows/" + flowA).then().statusCode(403);

        as(member).body(Map.of("membersCanPublish", true)).put("/api/pmos/workspace/settings").then().statusCode(403);
        as(adminA).body(Map.of("membersCanPublish", true, "membersCanDelete", true)).put("/api/pmos/workspace/settings")
                .then().statusCode(200).body("settings.membersCanPublish", equalTo(true));
        as(member).get("/api/pmos/workspace/settings").then().statusCode(200).body("settings.membersCanDelete", equalTo(true));
        as(member).body(Map.of("type", "CHANGE_STATUS", "request", Map.of("status", "DISABLED")))
                .post("/api/pmos/flows/" + flowA + "/operations").then().statusCode(200);
        as(member).delete("/api/pmos/flows/" + flowA).then().statusCode(200);
    }
}
