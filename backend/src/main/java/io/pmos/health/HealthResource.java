package io.pmos.health;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A one-line liveness answer with the running version, for smoke scripts and load balancers. */
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final String version;

    public HealthResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
    }

    @GET
    @PermitAll
    public Health health() {
        return new Health(true, version);
    }

    /** The answer of GET /api/health. */
    public record Health(boolean ok, String version) {
    }
}
