package io.pmos.workspace;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Role x endpoint matrix: each role gets through exactly the endpoints that name it, is refused (403) by the
 * others, and an anonymous caller gets 401 everywhere but the public endpoints.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final Set<String> ALL = Set.of("super_admin", "workspace_admin", "member", "viewer");
    private static final Set<String> ADMINS = Set.of("super_admin", "workspace_admin");
    private static final Set<String> SUPER = Set.of("super_admin");

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String victimId;

    record Call(String method, String path, String body, Set<String> roles) {
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        String root = TestSupport.signupCookie("Root User", "root@example.com");
        String admin = TestSupport.signupCookie("Wanda Admin", "wanda@example.com");
        cookies.put("super_admin", root);
        cookies.put("workspace_admin", admin);
        cookies.put("member", TestSupport.invited(admin, TestSupport.uniqueEmail("member"), "member"));
        cookies.put("viewer", TestSupport.invited(admin, TestSupport.uniqueEmail("viewer"), "viewer"));
    }

    private List<Call> calls() {
        String any = "00000000-0000-0000-0000-000000000001";
        return List.of(
                new Call("GET", "/api/pmos/auth/me", null, ALL),
                new Call("POST", "/api/pmos/auth/change-password", "{\"currentPassword\":\"wrong-password\",\"newPassword\":\"password456\"}", ALL),
                new Call("POST", "/api/pmos/auth/admin/reset-password", "{\"userId\":\"" + any + "\",\"newPassword\":\"password456\"}", ADMINS),
                new Call("GET", "/api/pmos/workspace/members", null, ALL),
                new Call("PATCH", "/api/pmos/workspace/members/" + any, "{\"role\":\"viewer\"}", ADMINS),
                new Call("DELETE", "/api/pmos/workspace/members/" + any, null, ADMINS),
                new Call("GET", "/api/pmos/workspace/invitations", null, ADMINS),
                new Call("POST", "/api/pmos/workspace/invitations", "{\"email\":\"matrix-" + System.nanoTime() + "@example.com\",\"role\":\"viewer\"}", ADMINS),
                new Call("DELETE", "/api/pmos/workspace/invitations/" + any, null, ADMINS),
                new Call("GET", "/api/pmos/audit", null, ADMINS),
                new Call("GET", "/api/pmos/admin/workspaces", null, SUPER),
                new Call("GET", "/api/pmos/admin/users", null, SUPER),
                new Call("GET", "/api/pmos/admin/settings", null, SUPER),
                new Call("PUT", "/api/pmos/admin/settings", "{\"signupEnabled\":true}", SUPER),
                new Call("POST", "/api/pmos/shell/exec", "{\"argv\":[\"echo\",\"matrix\"]}", SUPER),
                new Call("GET", "/api/pmos/connectors", null, ALL),
                new Call("PUT", "/api/pmos/connectors", "{}", ADMINS),
                new Call("POST", "/api/pmos/connectors/test", "{}", ADMINS),
                new Call("GET", "/api/pmos/onboarding", null, ALL),
                new Call("GET", "/api/pmos/workspace/settings", null, ALL),
                new Call("PUT", "/api/pmos/workspace/settings", "{}", ADMINS),
                new Call("GET", "/api/pmos/flows", null, ALL),
                new Call("POST", "/api/pmos/flows", "{\"displayName\":\"x\"}", Set.of("super_admin", "workspace_admin", "member")),
                new Call("GET", "/api/pmos/approvals", null, ALL),
                new Call("POST", "/api/pmos/approvals/" + any + "/decision", "{\"decision\":\"approve\"}", ADMINS),
                new Call("GET", "/api/pmos/chat/conversations", null, ALL));
    }

    @Test
    void everyRoleGetsExactlyWhatItsEndpointsName() {
        List<String> wrong = new ArrayList<>();
        for (Call call : calls()) {
            for (Map.Entry<String, String> role : cookies.entrySet()) {
                Response r = send(as(role.getValue()), call);
                boolean allowed = call.roles().contains(role.getKey());
                int status = r.statusCode();
                if (allowed && (status == 401 || status == 403 && isRoleRefusal(r))) {
                    wrong.add(role.getKey() + " refused " + call.method() + " " + call.path() + " -> " + status + " " + r.asString());
                }
                if (!allowed && !(status == 403 && isRoleRefusal(r))) {
                    wrong.add(role.getKey() + " let through " + call.method() + " " + call.path() + " -> " + status + " " + r.asString());
                }
            }
            Response anonymous = send(RestAssured.given().contentType(ContentType.JSON), call);
            if (anonymous.statusCode() != 401) {
                wrong.add("anonymous got " + anonymous.statusCode() + " on " + call.method() + " " + call.path());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static boolean isRoleRefusal(Response r) {
        return "Your role does not allow this action.".equals(r.jsonPath().getString("error"));
    }

    private static Response send(io.restassured.specification.RequestSpecification spec, Call call) {
        if (call.body() != null) {
            spec = spec.body(call.body());
        }
        return spec.request(call.method(), call.path());
    }
}
