package io.pmos.metrics;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id: the caller's X-Request-Id when it is well-formed (a proxy's or a client's), else a
 * new one. It is echoed in the response header and put in the logging MDC as {@code requestId}; Quarkus keeps the MDC
 * in the request's Vert.x duplicated context, so every log line of that request, on any thread it moves to, carries
 * it. Also counts the requests PMOS throttled (429), whichever handler answered them.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Letters, digits and . _ - only, at most 64: nothing that could forge a log line or a header. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final PmosMetrics metrics;

    public RequestIds(PmosMetrics metrics) {
        this.metrics = metrics;
    }

    @RouteFilter(130)
    void requestId(RoutingContext rc) {
        String id = idFor(rc.request().getHeader(HEADER));
        MDC.put(MDC_KEY, id);
        rc.put(MDC_KEY, id);
        rc.addHeadersEndHandler(v -> {
            rc.response().headers().set(HEADER, id);
            if (rc.response().getStatusCode() == 429) {
                metrics.throttled();
            }
        });
        rc.next();
    }

    static String idFor(String given) {
        return given != null && WELL_FORMED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
