package io.pmos.workspace;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class MembersAndInvitationsTest {

    private String admin;
    private String workspaceId;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        TestSupport.signupCookie("Root User", "root@example.com");
        admin = TestSupport.signupCookie("Wanda Admin", "wanda@example.com");
        workspaceId = as(admin).get("/api/pmos/auth/me").jsonPath().getString("user.workspaceId");
    }

    private String invite(String email, String role) {
        Response r = as(admin).body(Map.of("email", email, "role", role)).post("/api/pmos/workspace/invitations");
        r.then().statusCode(200).body("invitation.url", startsWith("/invite/")).body("invitation.role", equalTo(role));
        String url = r.jsonPath().getString("invitation.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void inviteeJoinsWithTheRoleAndTheLinkWorksOnce() {
        String token = invite("New.Person@Example.com", "member");
        assertEquals(0, count("SELECT count(*) FROM invitations WHERE token_hash = '" + token + "'"), "only a hash is stored");

        RestAssured.get("/api/pmos/auth/invitations/" + token).then().statusCode(200)
                .body("invitation.email", equalTo("new.person@example.com"))
                .body("invitation.role", equalTo("member"))
                .body("invitation.workspaceName", equalTo("Wanda Admin's workspace"));
        as(admin).get("/api/pmos/workspace/invitations").then()
                .body("invitations", hasSize(1)).body("invitations[0].url", nullValue());

        Response joined = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("name", "New Person", "password", PASSWORD))
                .post("/api/pmos/auth/invitations/" + token + "/accept");
        joined.then().statusCode(200).body("user.role", equalTo("member")).body("user.workspaceId", equalTo(workspaceId));
        as(joined.getCookie("pmos_session")).get("/api/pmos/auth/me").then().statusCode(200);

        RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "Again", "password", PASSWORD))
                .post("/api/pmos/auth/invitations/" + token + "/accept").then().statusCode(404)
                .body("error", containsString("not valid any more"));
        RestAssured.get("/api/pmos/auth/invitations/" + token).then().statusCode(404);
        as(admin).get("/api/pmos/workspace/invitations").then().body("invitations", hasSize(0));
        as(admin).get("/api/pmos/workspace/members").then().body("members.email", hasItem("new.person@example.com"));
    }

    @Test
    void revokedAndExpiredLinksAreRefused() {
        String revoked = invite("revoked@example.com", "viewer");
        String id = as(admin).get("/api/pmos/workspace/invitations").jsonPath().getString("invitations[0].id");
        as(admin).delete("/api/pmos/workspace/invitations/" + id).then().statusCode(200);
        RestAssured.get("/api/pmos/auth/invitations/" + revoked).then().statusCode(404);

        String expired = invite("expired@example.com", "viewer");
        TestSupport.exec("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = 'expired@example.com'");
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "Late Person", "password", PASSWORD))
                .post("/api/pmos/auth/invitations/" + expired + "/accept").then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM users WHERE email = 'expired@example.com'"));
    }

    @Test
    void reinvitingReplacesThePendingLink() {
        String first = invite("twice@example.com", "viewer");
        String second = invite("twice@example.com", "member");
        RestAssured.get("/api/pmos/auth/invitations/" + first).then().statusCode(404);
        RestAssured.get("/api/pmos/auth/invitations/" + second).then().statusCode(200).body("invitation.role", equalTo("member"));
    }

    @Test
    void existingAccountsCannotBeInvited() {
        as(admin).body(Map.of("email", "root@example.com", "role", "member")).post("/api/pmos/workspace/invitations")
                .then().statusCode(409);
    }

    @Test
    void rolesChangeAndTakeEffectAtOnce() {
        String member = TestSupport.invited(admin, "m@example.com", "member");
        String memberId = TestSupport.userId(member);
        as(member).get("/api/pmos/workspace/invitations").then().statusCode(403);

        as(admin).body(Map.of("role", "workspace_admin")).patch("/api/pmos/workspace/members/" + memberId)
                .then().statusCode(200).body("member.role", equalTo("workspace_admin"));
        as(member).get("/api/pmos/workspace/invitations").then().statusCode(200);
        as(admin).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + memberId).then().statusCode(200);
        as(member).get("/api/pmos/auth/me").then().body("user.role", equalTo("viewer"));

        as(admin).body(Map.of("role", "super_admin")).patch("/api/pmos/workspace/members/" + memberId)
                .then().statusCode(400).body("error", equalTo("Role must be one of workspace_admin, member, viewer."));
        as(admin).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + TestSupport.userId(admin))
                .then().statusCode(400).body("error", equalTo("You cannot change your own role."));
        as(admin).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/not-a-uuid").then().statusCode(404);
    }

    @Test
    void removingAMemberEndsTheirSessionsAndFreesTheEmail() {
        String member = TestSupport.invited(admin, "gone@example.com", "member");
        String memberId = TestSupport.userId(member);
        as(admin).delete("/api/pmos/workspace/members/" + memberId).then().statusCode(200).body("ok", equalTo(true));
        as(member).get("/api/pmos/auth/me").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", "gone@example.com", "password", PASSWORD))
                .post("/api/pmos/auth/login").then().statusCode(401);
        as(admin).get("/api/pmos/workspace/members").then().body("members.email", not(hasItem("gone@example.com")));
        invite("gone@example.com", "viewer");
        as(admin).delete("/api/pmos/workspace/members/" + TestSupport.userId(admin)).then().statusCode(400);
    }

    @Test
    void theSuperAdminsMembershipCannotBeChangedByADeputy() {
        String root = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", "root@example.com", "password", PASSWORD)).post("/api/pmos/auth/login")
                .getCookie("pmos_session");
        String deputy = TestSupport.invited(root, "deputy@example.com", "workspace_admin");
        String rootId = TestSupport.userId(root);
        as(deputy).body(Map.of("role", "viewer")).patch("/api/pmos/workspace/members/" + rootId).then().statusCode(403);
        as(deputy).delete("/api/pmos/workspace/members/" + rootId).then().statusCode(403);
        as(root).get("/api/pmos/auth/me").then().body("user.role", equalTo("super_admin"));
    }

    @Test
    void superAdminSeesEveryWorkspaceAndUser() {
        String root = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", "root@example.com", "password", PASSWORD)).post("/api/pmos/auth/login")
                .getCookie("pmos_session");
        TestSupport.invited(admin, "m2@example.com", "member");
        as(root).get("/api/pmos/admin/workspaces").then().statusCode(200).body("workspaces", hasSize(2))
                .body("workspaces.find { it.id == '" + workspaceId + "' }.memberCount", equalTo(2));
        as(root).get("/api/pmos/admin/users?limit=2").then().statusCode(200).body("total", equalTo(3))
                .body("users", hasSize(2));
        as(root).get("/api/pmos/admin/users?limit=2&offset=2").then().body("users", hasSize(1))
                .body("users[0].email", equalTo("m2@example.com")).body("users[0].role", equalTo("member"));
    }
}
