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
    private String admin;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        root = TestSupport.signupCookie("Root User", "root@example.com");
        admin = TestSupport.signupCookie("Wanda Admin", "wanda@example.com");
    }

    private static Map<String, Object> argv(String... args) {
        return Map.of("argv", List.of(args));
    }

    @Test
    void superAdminRunsAnAllowedCommandWithoutAShell() {
        as(root).body(argv("echo", "hello; rm -rf /", "$HOME")).post("/api/pmos/shell/exec").then().statusCode(200)
                .body("ok", equalTo(true)).body("exitCode", equalTo(0))
                .body("stdout", equalTo("hello; rm -rf / $HOME\n"))
                .body("timedOut", equalTo(false)).body("truncated", equalTo(false));
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'shell.exec' AND outcome = 'success'"));
    }

    @Test
    void theCommandSeesNoneOfPmosEnvironment() {
        as(root).body(argv("env")).post("/api/pmos/shell/exec").then().statusCode(200)
                .body("stdout", not(containsString("PMOS_"))).body("stdout", not(containsString("JAVA_HOME")))
                .body("stdout", containsString("PATH="));
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
        as(root).body(argv("sleep", "30")).post("/api/pmos/shell/exec").then().statusCode(200)
                .body("timedOut", equalTo(true)).body("exitCode", nullValue());
    }

    @Test
    void outputIsCappedAndSaysSo() {
        as(root).body(argv("yes", "spam")).post("/api/pmos/shell/exec").then().statusCode(200)
                .body("truncated", equalTo(true)).body("timedOut", equalTo(true))
                .body("stdout.length()", equalTo(1024));
    }

    @Test
    void secretLookingArgumentsAreMaskedInTheAuditLog() {
        as(root).body(argv("echo", "--password", "hunter2hunter2", "token=abc", "sk_live_ABCDEFGHIJKLMNOPQRSTUVWX"))
                .post("/api/pmos/shell/exec").then().statusCode(200);
        String detail = (String) TestSupport.scalar("SELECT detail::text FROM audit_events WHERE action = 'shell.exec'");
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("hunter2"), detail);
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("abc"), detail);
        org.junit.jupiter.api.Assertions.assertFalse(detail.contains("sk_live"), detail);
    }
}
