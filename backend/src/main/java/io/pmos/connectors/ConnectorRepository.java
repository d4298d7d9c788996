package io.pmos.connectors;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Connector rows (JSON-heavy, so through the plain reactive client); every query is scoped to one workspace. */
@ApplicationScoped
public class ConnectorRepository {

    private final Pool pool;

    public ConnectorRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ConnectorRecord>> list(UUID workspaceId) {
        return list(pool, workspaceId, false);
    }

    public Uni<List<ConnectorRecord>> list(SqlClient client, UUID workspaceId, boolean forUpdate) {
        return client.preparedQuery("SELECT * FROM connectors WHERE workspace_id = $1 ORDER BY kind, created_at"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(workspaceId))
                .map(ConnectorRepository::records);
    }

    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    public Uni<Void> insert(SqlClient client, ConnectorRecord r) {
        return client.preparedQuery("""
                        INSERT INTO connectors (id, workspace_id, kind, name, config, secret_ciphertext, secret_hint)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[]{r.id(), r.workspaceId(), r.kind(), r.name(), r.config(),
                        r.secretCiphertext(), r.secretHint()}))
                .replaceWithVoid();
    }

    /** Replaces settings and secret; a change forgets the last test result, which no longer describes it. */
    public Uni<Void> update(SqlClient client, ConnectorRecord r, boolean clearTest) {
        return client.preparedQuery("""
                        UPDATE connectors SET config = $3, secret_ciphertext = $4, secret_hint = $5, updated_at = now(),
                          last_test = CASE WHEN $6 THEN NULL ELSE last_test END,
                          last_tested_at = CASE WHEN $6 THEN NULL ELSE last_tested_at END
                        WHERE workspace_id = $1 AND id = $2""")
                .execute(Tuple.from(new Object[]{r.workspaceId(), r.id(), r.config(), r.secretCiphertext(),
                        r.secretHint(), clearTest}))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID workspaceId, UUID id) {
        return client.preparedQuery("DELETE FROM connectors WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id)).replaceWithVoid();
    }

    /** Every row that holds a secret, in every workspace (only for the start-up upgrade of stored secrets). */
    public Uni<List<ConnectorRecord>> allWithSecrets() {
        return pool.preparedQuery("SELECT * FROM connectors WHERE secret_ciphertext IS NOT NULL ORDER BY created_at")
                .execute().map(ConnectorRepository::records);
    }

    /**
     * Replaces a row's secret (null clears it) and settings only if the secret is still the one that was read, so an
     * edit made meanwhile (another instance, an admin) is never overwritten. True when the row changed.
     */
    public Uni<Boolean> replaceSecret(ConnectorRecord r, String expectedCiphertext, boolean clearTest) {
        return pool.preparedQuery("""
                        UPDATE connectors SET config = $3, secret_ciphertext = $4, secret_hint = $5, updated_at = now(),
                          last_test = CASE WHEN $6 THEN NULL ELSE last_test END,
                          last_tested_at = CASE WHEN $6 THEN NULL ELSE last_tested_at END
                        WHERE workspace_id = $1 AND id = $2 AND secret_ciphertext = $7""")
                .execute(Tuple.from(new Object[]{r.workspaceId(), r.id(), r.config(), r.secretCiphertext(),
                        r.secretHint(), clearTest, expectedCiphertext}))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> saveTest(UUID workspaceId, UUID id, JsonObject result) {
        return pool.preparedQuery("UPDATE connectors SET last_test = $3, last_tested_at = now() WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id, result)).replaceWithVoid();
    }

    private static List<ConnectorRecord> records(RowSet<Row> rows) {
        List<ConnectorRecord> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new ConnectorRecord(r.getUUID("id"), r.getUUID("workspace_id"), r.getString("kind"),
                    r.getString("name"), (JsonObject) r.getValue("config"), r.getString("secret_ciphertext"),
                    r.getString("secret_hint"), (JsonObject) r.getValue("last_test")));
        }
        return out;
    }
}
