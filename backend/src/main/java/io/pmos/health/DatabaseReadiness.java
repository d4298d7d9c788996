package io.pmos.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Ready only while the reactive pool, the one every request uses, answers {@code SELECT 1} within a short
 * timeout; without blocking, so a probe answers fast and recovers as soon as the pool does.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    /** Far longer than a healthy round trip; short enough that an unreachable database reads as down, not as a hung probe. */
    static final Duration TIMEOUT = Duration.ofMillis(1500);

    private final Pool pool;
    private final DependencyStates dependencies;

    public DatabaseReadiness(Pool pool, DependencyStates dependencies) {
        this.pool = pool;
        this.dependencies = dependencies;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> {
                    dependencies.databaseUp();
                    return HealthCheckResponse.up("database");
                })
                .onFailure().recoverWithItem(failure -> {
                    String code = DatabaseFailures.code(failure);
                    dependencies.databaseDown(code == null ? DatabaseFailures.FAILING : code);
                    return HealthCheckResponse.named("database").down().withData("error", "database not reachable").build();
                });
    }
}
