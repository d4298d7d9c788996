package io.pmos.deploy;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** PMOS_MIGRATE_ONLY=true (the release's migration Job, infra/k8s/migrate-job.yaml) migrates and exits 0 unserved. */
@QuarkusMainTest
@TestProfile(MigrateOnlyTest.MigrateOnly.class)
class MigrateOnlyTest {

    public static class MigrateOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("PMOS_MIGRATE_ONLY", "true");
        }
    }

    @Test
    // launched inside the test so that an app that does not exit fails here instead of hanging the build
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void migratesEveryMigrationThenExitsWithoutServing(QuarkusMainLauncher launcher) throws IOException, SQLException {
        LaunchResult result = launcher.launch();
        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        long files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
            files = s.filter(f -> f.getFileName().toString().matches("V.*\\.sql")).count();
        }
        String db = System.getenv().getOrDefault("PMOS_TEST_DB_NAME", "pmos_test");
        String url = "jdbc:postgresql://" + System.getenv().getOrDefault("PMOS_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("PMOS_DB_PORT", "5432") + "/" + db;
        try (Connection c = DriverManager.getConnection(url, System.getenv().getOrDefault("PMOS_DB_USER", "postgres"),
                System.getenv().getOrDefault("PMOS_DB_PASSWORD", ""));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertEquals(files, rs.getLong(1), "every migration applied");
        }
        assertFalse(result.getOutput().contains("Listening on"), "the migration step must not serve: " + result.getOutput());
    }
}
