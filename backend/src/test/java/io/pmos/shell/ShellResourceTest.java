package io.pmos.shell;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static io.pmos.TestSupport.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The test profile allows echo, sleep, yes and env, with a 2 s timeout and a 1 KiB output cap. */
@QuarkusTest
class ShellResourceTest {

    private String root;
    private String second;
    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        root = TestSupport.signupCookie("Root User", "root@example.com");
        admin = TestSupport.signupCookie("Wanda Admin", "wanda@example.com");
        second = ShellFourEyesTest.secondSuperAdmin("Second Root", "root2@example.com");
    }

    private static Map<String, Object> argv(String... args) {
        return Map.of("argv", List.of(args));
    }

    /** Files the command, has the second super admin approve it (never the requester), and answers the stored result. */
    private io.restassured.response.ValidatableResponse runApproved(String... args) {
        String approval = as(root).body(argv(args)).post("/api/pmos/shell/exec").then().statusCode(202)
                .body("status", equalTo("pending")).extract().path("approvalId");
        as(second).body(Map.of("decision", "approve")).post("/api/pmos/approvals/" + approval + "/decision").then().statusCode(200);
        return as(root).get("/api/pmos/approvals/" + approval).then().statusCode(200).body("approval.status", equalTo("approved"));
    }

    @Test
    void nothingRunsBeforeApprovalAndADenialRunsNothing() {
        String approval = as(root).body(argv("echo", "never")).post("/api/pmos/shell/exec").then().statusCode(202)
                .extract().path("approvalId");
        as(root).get("/api/pmos/approvals/" + approval).then().body("approval.tool", equalTo("shell.exec"))
                .body("approval.result", nullValue());
        as(second).body(Map.of("decision", "deny", "reason", "not today")).post("/api/pmos/approvals/" + approval + "/decision")
                .then().statusCode(200);
        as(root).get("/api/pmos/approvals/" + approval).then().body("approval.status", equalTo("denied"))
                .body("approval.result", nullValue());
        assertEquals(0, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND detail ? 'exitCode'"));
    }

    @Test
    void superAdminRunsAnAllowedCommandWithoutAShell() {
        runApproved("echo", "hello; rm -rf /", "$HOME")
                .body("approval.result.ok", equalTo(true)).body("approval.result.exitCode", equalTo(0))
                .body("approval.result.stdout", equalTo("hello; rm -rf / $HOME\n"))
                .body("approval.result.timedOut", equalTo(false)).body("approval.result.truncated", equalTo(false));
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND outcome = 'success' AND detail ? 'exitCode'"));
    }

    @Test
    void theCommandSeesNoneOfPmosEnvironment() {
        runApproved("env")
                .body("approval.result.stdout", not(containsString("PMOS_"))).body("approval.result.stdout", not(containsString("JAVA_HOME")))
                .body("approval.result.stdout", containsString("PATH="));
    }

    @Test
    void commandsOffTheAllowlistAreRefusedAndAudited() {
        as(root).body(argv("/bin/sh", "-c", "id")).post("/api/pmos/shell/exec").then().statusCode(403)
                .body("error", equalTo("The command '/bin/sh' is not on this server's shell allowlist."));
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND outcome = 'denied' "
                + "AND detail->>'reason' = 'not on allowlist'"));
    }

    @Test
    void otherRolesGet403AndEveryAttemptIsAudited() {
        as(admin).body(argv("echo", "hi")).post("/api/pmos/shell/exec").then().statusCode(403)
                .body("ok", equalTo(false));
        String member = TestSupport.invited(admin, TestSupport.uniqueEmail("m"), "member");
        as(member).body(argv("echo", "hi")).post("/api/pmos/shell/exec").then().statusCode(403);
        assertEquals(2, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND outcome = 'denied'"));
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND outcome = 'denied' "
                + "AND actor_email = 'wanda@example.com' AND detail->>'role' = 'workspace_admin'"));
    }

    @Test
    void aCommandThatRunsTooLongIsKilled() {
        runApproved("sleep", "30").body("approval.result.timedOut", equalTo(true)).body("approval.result.exitCode", nullValue());
    }

    @Test
    void outputIsCappedAndSaysSo() {
        runApproved("yes", "spam").body("approval.result.truncated", equalTo(true)).body("approval.result.timedOut", equalTo(true))
                .body("approval.result.stdout.length()", equalTo(1024));
    }

    @Test
    void secretLookingArgumentsAreMaskedInTheAuditLog() {
        runApproved("echo", "--password", "hunter2hunter2", "token=abc", "sk_live_ABCDEFGHIJKLMNOPQRSTUVWX");
        String detail = (String) TestSupport.scalar("SELECT string_agg(detail::text, ' ') FROM audit_events WHERE action = 'shell.exec'");
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("hunter2"), detail);
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("abc"), detail);
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("sk_live"), detail);
    }
}
