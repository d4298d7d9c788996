package io.pmos.health;

import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Ready only when every migration this build ships was applied. Checked once at start and remembered:
 * migrate-at-start already stops startup when a migration fails, and a probe through Flyway's small
 * JDBC pool stayed down for good after a database restart (issue 10). Whether the database answers
 * now is {@link DatabaseReadiness}'s job.
 */
@Readiness
@ApplicationScoped
public class MigrationsReadiness implements HealthCheck {

    private final Instance<Flyway> flyway;
    private volatile HealthCheckResponse atStart =
            HealthCheckResponse.named("database-migrations").down().withData("error", "not checked yet").build();

    public MigrationsReadiness(Instance<Flyway> flyway) {
        this.flyway = flyway;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            MigrationInfo[] pending = flyway.get().info().pending();
            MigrationInfo current = flyway.get().info().current();
            atStart = HealthCheckResponse.named("database-migrations")
                    .status(pending.length == 0 && current != null)
                    .withData("current", current == null ? "none" : current.getVersion().getVersion())
                    .withData("pending", pending.length)
                    .build();
        } catch (RuntimeException e) {
            atStart = HealthCheckResponse.named("database-migrations").down()
                    .withData("error", "database not reachable at start")
                    .build();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return atStart;
    }
}
