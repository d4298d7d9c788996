package io.pmos.health;

import io.pmos.TestSupport;
import io.pmos.testing.FakeBcgpt;
import io.pmos.testing.FaultProxy;
import io.pmos.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static io.pmos.health.OutageLog.awaitTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 10 item 6, an MCP server: the workspace's MCP server dies (its fault proxy drops every connection and refuses
 * new ones) while the connector is used, then comes back. Before, nothing was logged; now one WARN and one INFO.
 */
@QuarkusTest
class McpOutageLogTest {

    private FakeBcgpt server;
    private FaultProxy proxy;

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOutageIsOneWarnDownAndOneInfoBack() throws Exception {
        server = new FakeBcgpt();
        URI direct = URI.create(server.url("/mcp"));
        proxy = FaultProxy.to(direct.getHost(), direct.getPort());
        String url = "http://127.0.0.1:" + proxy.port() + "/mcp";
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("mcp", List.of(Map.of("name", "bcgpt", "url", url, "authMode", "header",
                        "headerName", "x-bcgpt-api-key", "secret", FakeBcgpt.GOOD_KEY, "identityTool", "whoami"))))
                .put("/api/pmos/connectors").then().statusCode(200);
        check(admin, "passed");

        try (LogCapture log = LogCapture.install()) {
            proxy.cut();
            for (int i = 0; i < 5; i++) {
                check(admin, "failed");
            }
            proxy.restore();
            check(admin, "passed");
            awaitTrue(() -> log.count("Dependency back: mcp") > 0, "PMOS said the MCP server is back");

            OutageLog.assertOneDownOneBack(log, "mcp 127.0.0.1:" + proxy.port(), "MCP_");
            assertEquals(0, log.count(FakeBcgpt.GOOD_KEY), "no secret in the log");
        }
    }

    private static void check(String admin, String status) {
        as(admin).body(Map.of("connector", "mcp:bcgpt")).post("/api/pmos/connectors/test").then().statusCode(200)
                .body("results[0].status", equalTo(status));
    }
}
