package io.pmos.connectors;

import io.pmos.TestSupport;
import io.pmos.secrets.ConnectorSecrets;
import io.pmos.secrets.MasterKeyFile;
import io.pmos.secrets.RotateMasterKey;
import io.pmos.secrets.SecretCipher;
import io.pmos.testing.FakeAiProviders;
import io.pmos.testing.LocalFlowPieces;
import io.pmos.testing.RecordingListener;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pmos.TestSupport.as;
import static io.pmos.connectors.SecretExfiltrationTest.storedSecret;
import static io.pmos.connectors.SecretExfiltrationTest.workspaceOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrading a database written by the previous release (expand-then-contract): v1 secrets keep working and are bound
 * to their destination at start-up; rows that hold the local Flow Pieces' platform key (the old "local" preset, or
 * the §1 attack already carried out) never hand it out again; the rotation tool handles v1 and v2 rows.
 */
@QuarkusTest
class ConnectorSecretUpgradeTest {

    @Inject
    ConnectorSecretUpgrade upgrade;

    private static FakeAiProviders ai;
    private static RecordingListener listener;
    private final SecretCipher cipher = new SecretCipher(List.of(MasterKeyFile.read(Path.of("target/test-secret.key"))));

    @BeforeAll
    static void start() throws Exception {
        ai = new FakeAiProviders();
        listener = new RecordingListener();
    }

    @AfterAll
    static void stop() {
        ai.close();
        listener.close();
    }

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
    }

    /** Re-seals a row's secret the way the previous release did: v1, bound to workspace and row only. */
    private void sealAsPreviousRelease(String workspace, String kind, String plain) {
        String id = TestSupport.scalar("SELECT id FROM connectors WHERE workspace_id = '" + workspace + "' AND kind = '"
                + kind + "'").toString();
        String v1 = cipher.encrypt(plain, ConnectorSecrets.context(UUID.fromString(workspace), UUID.fromString(id)));
        TestSupport.exec("UPDATE connectors SET secret_ciphertext = '" + v1 + "' WHERE id = '" + id + "'");
    }

    private static String ciphertext(String workspace, String kind) {
        return (String) TestSupport.scalar("SELECT secret_ciphertext FROM connectors WHERE workspace_id = '" + workspace
                + "' AND kind = '" + kind + "'");
    }

    @Test
    void previousReleaseSecretsStillWorkAndAreBoundAtStartup() throws Exception {
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        String ws = workspaceOf(admin);
        as(admin).body(Map.of("ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "baseUrl", ai.url("/openai/v1"),
                "secret", FakeAiProviders.GOOD_KEY))).put("/api/pmos/connectors").then().statusCode(200);
        sealAsPreviousRelease(ws, "ai", FakeAiProviders.GOOD_KEY);
        assertTrue(ciphertext(ws, "ai").startsWith("v1."));
        as(admin).body(Map.of("connector", "ai")).post("/api/pmos/connectors/test").then().body("results[0].ok", equalTo(true));

        try (Connection db = connect()) {
            byte[] current = MasterKeyFile.read(Path.of("target/test-secret.key"));
            byte[] next = SecretCipher.newKey();
            assertEquals(1, RotateMasterKey.reencrypt(db, next, List.of(current)), "the rotation tool reads v1 rows");
            assertEquals(1, RotateMasterKey.reencrypt(db, current, List.of(next)), "and rotates back");
        }
        assertTrue(ciphertext(ws, "ai").startsWith("v1."), "rotation keeps the version");

        assertEquals(1, upgrade.upgrade().await().indefinitely());
        assertTrue(ciphertext(ws, "ai").startsWith("v2."), "bound to its destination at start-up");
        assertEquals(FakeAiProviders.GOOD_KEY, storedSecret(admin, "ai"));
        assertEquals(0, upgrade.upgrade().await().indefinitely(), "a second start changes nothing");
        as(admin).body(Map.of("connector", "ai")).post("/api/pmos/connectors/test").then().body("results[0].ok", equalTo(true));
    }

    @Test
    void aRowHoldingThePlatformKeyNeverHandsItOut_localRowsGetTheirOwnProjectKey() {
        String alice = TestSupport.signupCookie("Alice Admin", "alice@example.com");
        String bert = TestSupport.signupCookie("Bert Attacker", "bert@example.com");
        String wsAlice = workspaceOf(alice);
        String wsBert = workspaceOf(bert);
        // Alice: the old local preset (platform key in her row). Bert: the attack already carried out (platform key,
        // address of his listener), both as the previous release stored them.
        as(alice).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        sealAsPreviousRelease(wsAlice, "flow_pieces", LocalFlowPieces.API_KEY);
        as(bert).body(Map.of("flowPieces", Map.of("url", listener.url(""), "authMode", "api_key", "projectId", "x",
                "secret", "sk-placeholder-000000000000"))).put("/api/pmos/connectors").then().statusCode(200);
        sealAsPreviousRelease(wsBert, "flow_pieces", LocalFlowPieces.API_KEY);

        as(bert).body(Map.of("connector", "flowPieces")).post("/api/pmos/connectors/test").then()
                .body("results[0].error.code", equalTo("FLOW_PIECES_SECRET_UNREADABLE"));
        as(alice).get("/api/pmos/flows").then().statusCode(409);
        assertEquals(List.of(), listener.received(), "the platform key is not used even before the upgrade");

        assertEquals(2, upgrade.upgrade().await().indefinitely());
        assertNull(ciphertext(wsBert, "flow_pieces"), "the attacker's row lost the key");
        String aliceKey = storedSecret(alice, "flow_pieces");
        assertNotEquals(LocalFlowPieces.API_KEY, aliceKey);
        assertTrue(aliceKey.startsWith("sk-proj-"), "Alice's row holds her project's key");
        as(alice).get("/api/pmos/flows").then().statusCode(200);
        as(alice).body(Map.of("connector", "flowPieces")).post("/api/pmos/connectors/test").then()
                .body("results[0].ok", equalTo(true));
        assertEquals(List.of(), listener.received());
    }

    private static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
