package io.pmos.secrets;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rotation tool re-encrypts every stored secret under the new key, in one transaction, and is idempotent. */
@QuarkusTest
class RotateMasterKeyTest {

    @Test
    void reencryptsEverySecretUnderTheNewKey() throws Exception {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("url", "https://flow.example.com", "authMode", "api_key",
                "projectId", "p1", "secret", "sk-rotate-me-000011112222"),
                "ai", Map.of("provider", "openai", "model", "gpt-4o-mini", "secret", "sk-rotate-me-too-33334444")))
                .put("/api/pmos/connectors").then().statusCode(200);
        byte[] current = MasterKeyFile.read(Path.of("target/test-secret.key"));
        byte[] next = SecretCipher.newKey();
        String before = (String) TestSupport.scalar("SELECT string_agg(secret_ciphertext, ' ' ORDER BY kind) FROM connectors");

        var config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""))) {
            assertEquals(2, RotateMasterKey.reencrypt(db, next, List.of(current)));
            assertEquals(0, RotateMasterKey.reencrypt(db, next, List.of(current)), "a second run changes nothing");
        }
        String after = (String) TestSupport.scalar("SELECT string_agg(secret_ciphertext, ' ' ORDER BY kind) FROM connectors");
        assertNotEquals(before, after);
        SecretCipher onlyNew = new SecretCipher(List.of(next));
        var rows = TestSupport.scalar("SELECT string_agg(id || '|' || workspace_id || '|' || kind || '|' || "
                        + "secret_ciphertext || '|' || config::text, '\n' ORDER BY kind) FROM connectors")
                .toString().split("\n");
        for (String row : rows) {
            String[] p = row.split("\\|", 5);
            assertTrue(p[3].startsWith("v2."), "a bound secret stays bound");
            JsonObject settings = new JsonObject(p[4]);
            String plain = onlyNew.decrypt(p[3], ConnectorSecrets.context(UUID.fromString(p[1]), UUID.fromString(p[0]),
                    ConnectorSecrets.binding(p[2], settings::getString)));
            assertTrue(plain.startsWith("sk-rotate-me"), "decrypts with the new key alone");
        }
        TestSupport.resetDatabase();
    }
}
