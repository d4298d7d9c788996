package io.pmos.admin;

import io.pmos.config.PmosConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Instance-wide switches a super_admin changes at run time; unset values fall back to configuration. */
@ApplicationScoped
public class InstanceSettings {

    private final Pool pool;
    private final boolean signupDefault;

    public InstanceSettings(Pool pool, PmosConfig config) {
        this.pool = pool;
        this.signupDefault = config.auth().signupEnabled();
    }

    public Uni<Boolean> signupEnabled() {
        return pool.query("SELECT signup_enabled FROM instance_settings WHERE id = 1").execute()
                .map(rows -> {
                    Boolean stored = rows.size() == 0 ? null : rows.iterator().next().getBoolean("signup_enabled");
                    return stored == null ? signupDefault : stored;
                });
    }

    public Uni<Void> setSignupEnabled(boolean enabled) {
        return pool.preparedQuery("UPDATE instance_settings SET signup_enabled = $1, updated_at = now() WHERE id = 1")
                .execute(Tuple.of(enabled))
                .replaceWithVoid();
    }
}
