package io.pmos.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Ready only when the database answers and every migration this build ships has been applied. */
@Readiness
@ApplicationScoped
public class MigrationsReadiness implements HealthCheck {

    private final Instance<Flyway> flyway;

    public MigrationsReadiness(Instance<Flyway> flyway) {
        this.flyway = flyway;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            MigrationInfo[] pending = flyway.get().info().pending();
            MigrationInfo current = flyway.get().info().current();
            return HealthCheckResponse.named("database-migrations")
                    .status(pending.length == 0 && current != null)
                    .withData("current", current == null ? "none" : current.getVersion().getVersion())
                    .withData("pending", pending.length)
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database-migrations").down()
                    .withData("error", "database not reachable")
                    .build();
        }
    }
}
