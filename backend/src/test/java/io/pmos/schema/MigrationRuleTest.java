package io.pmos.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Holds every migration after the baseline to the expand/contract rule of docs/migrations.md. */
class MigrationRuleTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    /** The last migration written before the rule: older files are the schema the rule starts from. */
    private static final String BASELINE = "5";
    private static final Pattern VERSION = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__.+\\.sql$");

    @Test
    void everyMigrationAfterTheBaselineIsExpandOnly() throws IOException {
        List<String> checked = new ArrayList<>();
        List<ExpandContractRule.Violation> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                Matcher version = VERSION.matcher(name);
                assertTrue(version.matches(), name + " is not named V<version>__<what>.sql");
                if (compareVersions(version.group(1), BASELINE) <= 0) {
                    continue;
                }
                checked.add(name);
                violations.addAll(ExpandContractRule.check(name, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertFalse(checked.isEmpty(), "no migration after V" + BASELINE + " found in " + MIGRATIONS.toAbsolutePath());
        assertTrue(violations.isEmpty(), "Migrations that would break the previous release (docs/migrations.md: "
                + "split them into expand now and contract in a later release, or mark a reviewed contract):\n  "
                + String.join("\n  ", violations.stream().map(Object::toString).toList()));
    }

    @Test
    void theIssue8MigrationPasses() {
        String sql = """
                -- Expand-only: the previous release ignores the new column.
                ALTER TABLE login_attempts ADD COLUMN succeeded boolean NOT NULL DEFAULT false;
                CREATE INDEX login_attempts_address_idx ON login_attempts (ip, at);
                """;
        assertEquals(List.of(), ExpandContractRule.check("V6_3__sample.sql", sql));
    }

    @Test
    void expandStatementsPass() {
        String sql = """
                CREATE TABLE chat_leases (run_id uuid PRIMARY KEY, owner text NOT NULL, heartbeat timestamptz NOT NULL);
                ALTER TABLE chat_leases ADD CONSTRAINT chat_leases_owner_check CHECK (owner <> '');
                CREATE UNIQUE INDEX chat_leases_owner_idx ON chat_leases (owner, run_id);
                ALTER TABLE chat_runs ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz;
                ALTER TABLE chat_runs ADD COLUMN attempts int NOT NULL DEFAULT 0;
                ALTER TABLE chat_runs ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;
                ALTER TABLE chat_runs ADD COLUMN fresh text;
                UPDATE chat_runs SET fresh = 'x';
                ALTER TABLE chat_runs ALTER COLUMN fresh SET NOT NULL;
                ALTER TABLE chat_runs ALTER COLUMN old_column DROP NOT NULL;
                COMMENT ON COLUMN chat_runs.lease_owner IS 'do not DROP TABLE or RENAME this; ALTER COLUMN x TYPE text';
                CREATE INDEX chat_runs_lease_idx ON chat_runs (lease_until) WHERE status = 'running';
                CREATE OR REPLACE FUNCTION notify_run() RETURNS trigger AS $$
                BEGIN
                  DELETE FROM scratch WHERE id = NEW.id;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                """;
        assertEquals(List.of(), ExpandContractRule.check("V7_9__sample.sql", sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE chat_runs;",
            "DROP TABLE IF EXISTS chat_runs CASCADE;",
            "drop index login_attempts_address_idx;",
            "DROP VIEW run_summary;",
            "ALTER TABLE chat_runs DROP COLUMN model;",
            "ALTER TABLE chat_runs DROP model;",
            "ALTER TABLE chat_runs ADD COLUMN a text, DROP COLUMN IF EXISTS model;",
            "ALTER TABLE chat_runs RENAME COLUMN model TO model_name;",
            "ALTER TABLE chat_runs RENAME TO runs;",
            "ALTER INDEX chat_runs_idx RENAME TO runs_idx;",
            "ALTER TABLE chat_runs ALTER COLUMN model TYPE varchar(40);",
            "ALTER TABLE chat_runs ALTER model SET DATA TYPE varchar(40);",
            "ALTER TABLE chat_runs ALTER COLUMN model SET NOT NULL;",
            "ALTER TABLE chat_runs ALTER COLUMN created_at DROP DEFAULT;",
            "ALTER TABLE chat_runs ADD COLUMN owner text NOT NULL;",
            "ALTER TABLE chat_runs DROP CONSTRAINT chat_runs_status_check;",
            "ALTER TABLE chat_runs ADD CONSTRAINT chat_runs_model_check CHECK (model <> '');",
            "ALTER TABLE chat_runs ADD UNIQUE (conversation_id, started_at);",
            "CREATE UNIQUE INDEX chat_runs_one_running ON chat_runs (conversation_id) WHERE status = 'running';",
            "DELETE FROM audit_events WHERE at < now() - interval '1 year';",
            "TRUNCATE event_log;",
            "DO $$ BEGIN EXECUTE 'x'; DROP TABLE chat_runs; END $$;",
    })
    void aDestructiveStatementFails(String statement) {
        String sql = "-- expand, supposedly\nALTER TABLE chat_runs ADD COLUMN harmless text;\n" + statement + "\n";
        List<ExpandContractRule.Violation> violations = ExpandContractRule.check("V7_9__sample.sql", sql);
        assertEquals(1, violations.stream().map(ExpandContractRule.Violation::line).distinct().count(),
                () -> statement + " → " + violations);
        assertEquals(3, violations.get(0).line(), violations::toString);
    }

    @Test
    void aDocumentedContractMarkerAllowsTheFile() {
        String sql = """
                -- contract: drop chat_runs.legacy_model; safe because release 2026.12 (commit 8e60b15) no longer reads or writes it
                ALTER TABLE chat_runs DROP COLUMN legacy_model;
                """;
        assertEquals(List.of(), ExpandContractRule.check("V8_1__sample.sql", sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-- contract: cleanup\n",                             // no reason why the previous release survives it
            "-- contract:\n",
            "ALTER TABLE x ADD COLUMN y text;\n-- contract: drop it; safe because release 1 no longer reads it\n", // not in the header
    })
    void aMarkerWithoutTheReasonOrOutsideTheHeaderDoesNotCount(String header) {
        String sql = header + "ALTER TABLE chat_runs DROP COLUMN legacy_model;\n";
        assertFalse(ExpandContractRule.check("V8_1__sample.sql", sql).isEmpty());
    }

    @Test
    void anExpandSafeNoteCoversOnlyTheNextStatement() {
        String sql = """
                ALTER TABLE chat_runs DROP CONSTRAINT chat_runs_status_check;
                -- expand-safe: widens the status check with 'expired'; every value the previous release writes stays allowed
                ALTER TABLE chat_runs ADD CONSTRAINT chat_runs_status_check CHECK (status IN ('running', 'done', 'expired'));
                ALTER TABLE chat_runs ADD CONSTRAINT other CHECK (model <> '');
                """;
        List<ExpandContractRule.Violation> violations = ExpandContractRule.check("V7_9__sample.sql", sql);
        assertEquals(List.of(1, 4), violations.stream().map(ExpandContractRule.Violation::line).toList(), violations::toString);
    }

    private static int compareVersions(String a, String b) {
        String[] left = a.split("[._]");
        String[] right = b.split("[._]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long l = i < left.length ? Long.parseLong(left[i]) : 0;
            long r = i < right.length ? Long.parseLong(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }
}
