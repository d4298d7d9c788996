package io.pmos.shell;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.hamcrest.Matchers.equalTo;

/** With no allowlist (the default) the shell is off, even for super_admin, and says how to turn it on. */
@QuarkusTest
@TestProfile(ShellDisabledTest.NoAllowlist.class)
class ShellDisabledTest {

    public static class NoAllowlist implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pmos.shell.allowlist", "");
        }
    }

    @Test
    void superAdminIsToldTheShellIsDisabled() {
        TestSupport.resetDatabase();
        String root = TestSupport.signupCookie("Root User", "root@example.com");
        as(root).body(Map.of("argv", List.of("echo", "hi"))).post("/api/pmos/shell/exec").then().statusCode(403)
                .body("error", equalTo(ShellService.DISABLED));
    }
}
