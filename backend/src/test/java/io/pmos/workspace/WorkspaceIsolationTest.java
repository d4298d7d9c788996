package io.pmos.workspace;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Admin A can neither read nor change anything of workspace B, through any endpoint. */
@QuarkusTest
class WorkspaceIsolationTest {

    private String adminA;
    private String adminB;
    private String memberB;
    private String memberBId;
    private String invitationB;
    private String workspaceB;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        TestSupport.signupCookie("Root User", "root@example.com");
        adminA = TestSupport.signupCookie("Alice Admin", "alice@example.com");
        adminB = TestSupport.signupCookie("Bert Admin", "bert@example.com");
        memberB = TestSupport.invited(adminB, "bert-member@example.com", "member");
        memberBId = TestSupport.userId(memberB);
        workspaceB = as(adminB).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId");
        invitationB = as(adminB).body(Map.of("email", "pending-b@example.com", "role", "viewer"))
                .post("/api/pmos/workspace/invitations").jsonPath().getString("invitation.id");
    }

    @Test
    void membersOfAnotherWorkspaceAreInvisibleAndUntouchable() {
        as(adminA).get("/api/pmos/workspace/members").then().statusCode(200)
                .body("members.email", not(hasItem("bert-member@example.com")))
                .body("members.email", not(hasItem("bert@example.com")));
        as(adminA).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + memberBId)
                .then().statusCode(404).body("ok", equalTo(false));
        as(adminA).delete("/api/pmos/workspace/members/" + memberBId).then().statusCode(404);
        as(adminA).body(Map.of("userId", memberBId, "newPassword", "hijacked-password"))
                .post("/api/pmos/auth/admin/reset-password").then().statusCode(404);

        assertEquals("member", TestSupport.scalar("SELECT role FROM memberships WHERE user_id = '" + memberBId + "'"));
        as(memberB).get("/api/pmos/auth/me").then().statusCode(200);
    }

    @Test
    void invitationsOfAnotherWorkspaceAreInvisibleAndUntouchable() {
        as(adminA).get("/api/pmos/workspace/invitations").then().statusCode(200)
                .body("invitations.email", not(hasItem("pending-b@example.com")));
        as(adminA).delete("/api/pmos/workspace/invitations/" + invitationB).then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM invitations WHERE id = '" + invitationB + "' AND revoked_at IS NOT NULL"));
    }

    @Test
    void auditOfAWorkspaceAdminShowsOnlyTheOwnWorkspace() {
        // something happens in B
        as(adminB).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + memberBId).then().statusCode(200);
        Response audit = as(adminA).get("/api/pmos/audit?limit=200");
        audit.then().statusCode(200);
        List<String> workspaces = audit.jsonPath().getList("events.workspaceId");
        assertFalse(workspaces.isEmpty());
        assertFalse(workspaces.contains(workspaceB), "A must not see B's audit events");
        audit.then().body("events.workspaceId", everyItem(equalTo(workspaces.get(0))));
    }

    @Test
    void aMemberOfBCannotBeSignedInAsAnythingInA() {
        // B's member signs in and lands in B, never in A
        String cookie = io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("email", "bert-member@example.com", "password", PASSWORD)).post("/api/pmos/auth/login")
                .getCookie("pmos_session");
        as(cookie).get("/api/pmos/auth/me").then().body("user.workspaceId", equalTo(workspaceB));
    }
}
