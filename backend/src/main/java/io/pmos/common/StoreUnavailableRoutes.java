package io.pmos.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers the database's outage on routes outside the REST layer (the live WebSocket's upgrade, whose session check
 * needs the database) like {@link ErrorMappers} does: 503 with Retry-After, instead of a logged 500 or a 401.
 */
@ApplicationScoped
public class StoreUnavailableRoutes {

    void register(@Observes Router router) {
        router.route().failureHandler(rc -> {
            if (rc.failure() == null || !StoreUnavailableException.causes(rc.failure())) {
                rc.next();
                return;
            }
            // The upgrade's one failed session lookup can be reported more than once; the first report answers.
            if (!rc.response().headWritten()) {
                rc.response().setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("Retry-After", StoreUnavailableException.RETRY_AFTER)
                        .end(Json.encode(StoreUnavailableException.BODY));
            }
        });
    }
}
