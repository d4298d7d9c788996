package io.pmos.shell;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 8 §8: a shell command is decided by another super admin only — never by the requester, whatever the
 * workspace's four-eyes setting — and its output reaches the requester and the approver only.
 */
@QuarkusTest
class ShellFourEyesTest {

    /** What `env` prints in the command's clean environment and nowhere else (the arguments are just ["env"]). */
    private static final String OUTPUT = "LANG=C.UTF-8";

    private String root;
    private String wsAdmin;
    private String member;

    /** A second super admin: signs up (a workspace admin of a new workspace), then an operator promotes them in the database. */
    static String secondSuperAdmin(String name, String email) {
        String cookie = TestSupport.signupCookie(name, email);
        TestSupport.exec("UPDATE memberships SET role = 'super_admin' WHERE user_id = (SELECT id FROM users WHERE email = '"
                + email + "')");
        return cookie;
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        root = TestSupport.signupCookie("Root User", "root@example.com");
        wsAdmin = TestSupport.invited(root, TestSupport.uniqueEmail("wsadmin"), "workspace_admin");
        member = TestSupport.invited(root, TestSupport.uniqueEmail("member"), "member");
    }

    private String file(String... argv) {
        return as(root).body(Map.of("argv", List.of(argv))).post("/api/pmos/shell/exec").then().statusCode(202)
                .body("message", containsString("another super admin")).extract().path("approvalId");
    }

    @Test
    void aLoneSuperAdminCannotApproveTheirOwnCommandEvenWithFourEyesOff() {
        as(root).body(Map.of("fourEyes", false)).put("/api/pmos/workspace/settings").then().statusCode(200);
        String approval = file("env");
        as(root).get("/api/pmos/approvals/" + approval).then().statusCode(200).body("approval.canDecide", equalTo(false));
        as(root).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approval + "/decision").then().statusCode(403)
                .body("error", containsString("another super admin"));
        as(root).get("/api/pmos/approvals/" + approval).then().body("approval.status", equalTo("pending"))
                .body("approval.result", nullValue());
        assertEquals(0, TestSupport.count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND detail ? 'exitCode'"));
    }

    @Test
    void aWorkspaceAdminOfTheSameWorkspaceCanNeitherDecideNorSeeIt() {
        String approval = file("env");
        as(wsAdmin).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approval + "/decision").then().statusCode(404);
        as(wsAdmin).get("/api/pmos/approvals/" + approval).then().statusCode(404);
        as(wsAdmin).get("/api/pmos/approvals").then().statusCode(200).body("approvals.id", not(hasItem(approval)));
        as(root).get("/api/pmos/approvals/" + approval).then().body("approval.status", equalTo("pending"));
    }

    @Test
    void theOutputGoesToTheRequesterAndTheApproverOnly() {
        String second = secondSuperAdmin("Second Root", "root2@example.com");
        String third = secondSuperAdmin("Third Root", "root3@example.com");
        String approval = file("env");
        as(second).get("/api/pmos/approvals?status=pending").then().statusCode(200).body("approvals.id", hasItem(approval))
                .body("approvals.find { it.id == '" + approval + "' }.canDecide", equalTo(true));
        as(second).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approval + "/decision").then().statusCode(200);

        as(root).get("/api/pmos/approvals/" + approval).then().statusCode(200)
                .body("approval.result.stdout", containsString(OUTPUT));
        as(second).get("/api/pmos/approvals/" + approval).then().statusCode(200)
                .body("approval.result.stdout", containsString(OUTPUT));
        // another super admin sees that it ran (and may audit it), but not what it printed
        as(third).get("/api/pmos/approvals/" + approval).then().statusCode(200).body("approval.status", equalTo("approved"))
                .body("approval.result", nullValue());
        for (String other : List.of(wsAdmin, member)) {
            as(other).get("/api/pmos/approvals/" + approval).then().statusCode(404);
            for (String status : List.of("approved", "pending")) {
                String list = as(other).get("/api/pmos/approvals?status=" + status).then().statusCode(200).extract().asString();
                assertFalse(list.contains(OUTPUT) || list.contains(approval), list);
            }
        }
        String audit = as(wsAdmin).get("/api/pmos/audit?limit=200").then().statusCode(200).extract().asString();
        assertFalse(audit.contains(OUTPUT), audit);
        assertEquals(0, TestSupport.count("SELECT count(*) FROM events WHERE payload::text LIKE '%" + OUTPUT + "%'"));
        assertEquals(0, TestSupport.count("SELECT count(*) FROM audit_events WHERE detail::text LIKE '%" + OUTPUT + "%'"));
    }
}
