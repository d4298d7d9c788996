package io.pmos.health;

import io.pmos.TestSupport;
import io.pmos.testing.FaultProxy;
import io.pmos.testing.LocalFlowPieces;
import io.pmos.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static io.pmos.health.OutageLog.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 10 item 6, Flow Pieces: a workspace's Flow Pieces goes away (behind a fault proxy) while its users keep asking
 * for their flows, then comes back. Before, nothing was logged at all; now one WARN down and one INFO back.
 */
@QuarkusTest
class FlowPiecesOutageLogTest {

    private FaultProxy proxy;

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anOutageIsOneWarnDownAndOneInfoBack() {
        URI local = URI.create(LocalFlowPieces.url());
        proxy = FaultProxy.to(local.getHost(), local.getPort());
        String server = "127.0.0.1:" + proxy.port();
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("url", "http://" + server, "authMode", "password",
                        "email", LocalFlowPieces.USER_EMAIL, "secret", LocalFlowPieces.USER_PASSWORD,
                        "projectId", LocalFlowPieces.PROJECT_ID)))
                .put("/api/pmos/connectors").then().statusCode(200);
        as(admin).get("/api/pmos/flows").then().statusCode(200);

        try (LogCapture log = LogCapture.install()) {
            proxy.cut();
            for (int i = 0; i < 5; i++) {
                as(admin).get("/api/pmos/flows").then().statusCode(502);
            }
            proxy.restore();
            as(admin).get("/api/pmos/flows").then().statusCode(200);
            awaitTrue(() -> log.count("Dependency back: flow-pieces") > 0, "PMOS said Flow Pieces is back");

            OutageLog.assertOneDownOneBack(log, "flow-pieces " + server, "FLOW_PIECES_CONNECTION_REFUSED");
            assertEquals(0, log.count(LocalFlowPieces.USER_PASSWORD), "no secret in the log");
        }
    }
}
