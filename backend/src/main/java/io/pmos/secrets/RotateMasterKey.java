package io.pmos.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Command-line master-key rotation (`make rotate-secret-key`): re-encrypts every stored secret under a new key in
 * one transaction, then swaps the key file. Crash-safe: the new key is written to {@code <file>.next} before the
 * database changes, and every key file present is loaded at start, so no secret is ever unreadable.
 */
public final class RotateMasterKey {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RotateMasterKey() {
    }

    public static void main(String[] args) throws Exception {
        String envKey = System.getenv("PMOS_SECRET_KEY");
        String envNew = System.getenv("PMOS_SECRET_KEY_NEW");
        Path file = Path.of(envOr("PMOS_SECRET_KEY_FILE", ".local/secret.key"));
        boolean fileMode = envKey == null || envKey.isBlank();
        if (!fileMode && (envNew == null || envNew.isBlank())) {
            fail("PMOS_SECRET_KEY is set, so the new key must come from you too: set PMOS_SECRET_KEY_NEW to 32 random "
                    + "bytes in base64 (e.g. `openssl rand -base64 32`) and run again.");
        }
        List<byte[]> current = MasterKeyFile.load(envKey, file);
        byte[] next;
        Path nextFile = file.resolveSibling(file.getFileName() + ".next");
        if (envNew != null && !envNew.isBlank()) {
            next = MasterKeyFile.decode(envNew, "PMOS_SECRET_KEY_NEW");
        } else if (Files.exists(nextFile)) {
            next = MasterKeyFile.read(nextFile);
        } else {
            next = SecretCipher.newKey();
        }
        if (fileMode) {
            MasterKeyFile.write(nextFile, next);
        }
        String url = "jdbc:postgresql://" + envOr("PMOS_DB_HOST", "127.0.0.1") + ":" + envOr("PMOS_DB_PORT", "5432")
                + "/" + envOr("PMOS_DB_NAME", "pmos");
        int changed;
        try (Connection db = DriverManager.getConnection(url, envOr("PMOS_DB_USER", "postgres"),
                envOr("PMOS_DB_PASSWORD", ""))) {
            changed = reencrypt(db, next, current);
        }
        if (fileMode) {
            Path previous = file.resolveSibling(file.getFileName() + ".previous");
            Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(nextFile, file, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("Re-encrypted %d secret(s) under key %s. The key file %s now holds the new key; the old "
                    + "one is kept in %s until you delete it. Restart PMOS to use the new key.%n",
                    changed, SecretCipher.keyId(next), file, previous);
        } else {
            System.out.printf("Re-encrypted %d secret(s) under key %s. Now set PMOS_SECRET_KEY to the value of "
                    + "PMOS_SECRET_KEY_NEW and restart PMOS.%n", changed, SecretCipher.keyId(next));
        }
    }

    /** Re-seals every connector secret with {@code next}; returns how many rows changed. One transaction. */
    public static int reencrypt(Connection db, byte[] next, List<byte[]> current) throws SQLException {
        List<byte[]> keys = new ArrayList<>();
        keys.add(next);
        keys.addAll(current);
        SecretCipher cipher = new SecretCipher(keys);
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false);
        int changed = 0;
        try (PreparedStatement select = db.prepareStatement(
                "SELECT id, workspace_id, kind, config::text AS config, secret_ciphertext FROM connectors "
                        + "WHERE secret_ciphertext IS NOT NULL FOR UPDATE");
             PreparedStatement update = db.prepareStatement(
                     "UPDATE connectors SET secret_ciphertext = ? WHERE id = ?");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String stored = rows.getString("secret_ciphertext");
                if (cipher.isCurrent(stored)) {
                    continue;
                }
                UUID id = rows.getObject("id", UUID.class);
                UUID workspace = rows.getObject("workspace_id", UUID.class);
                // A v2 ciphertext is bound to its row's destination; a v1 one (sealed before that) is kept v1 here
                // and bound by the application at its next start.
                String version = SecretCipher.version(stored);
                String context = SecretCipher.V2.equals(version)
                        ? ConnectorSecrets.context(workspace, id, ConnectorSecrets.binding(rows.getString("kind"),
                        settings(rows.getString("config"))))
                        : ConnectorSecrets.context(workspace, id);
                update.setString(1, cipher.encrypt(cipher.decrypt(stored, context), context, version));
                update.setObject(2, id);
                update.executeUpdate();
                changed++;
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(auto);
        }
        return changed;
    }

    private static Function<String, String> settings(String json) {
        JsonNode config;
        try {
            config = JSON.readTree(json == null ? "{}" : json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a connector row holds settings that are not JSON");
        }
        return key -> config.hasNonNull(key) ? config.get(key).asText() : null;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
