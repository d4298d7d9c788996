package io.pmos.common;

import io.pmos.config.PmosConfig;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Filters in front of every route: the JSON body cap on /api (answered as JSON before any byte is read),
 * and the SPA fallback that lets deep links such as /flows/123 load index.html.
 */
@ApplicationScoped
public class HttpFilters {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final int maxJsonBody;

    public HttpFilters(PmosConfig config) {
        this.maxJsonBody = config.http().maxJsonBody();
    }

    @RouteFilter(100)
    void limitApiBodies(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        if (!path.startsWith("/api/") || !WITH_BODY.contains(request.method())) {
            rc.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            reject(rc, 411, "Send the request body with a Content-Length header.");
            return;
        }
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                reject(rc, 400, "The Content-Length header is not a number.");
                return;
            }
            if (bytes > maxJsonBody) {
                reject(rc, 413, "The request body is too large: at most " + (maxJsonBody / 1024) + " KiB is accepted.");
                return;
            }
        }
        rc.next();
    }

    @RouteFilter(90)
    void spaFallback(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean page = rc.request().method() == HttpMethod.GET
                && !path.equals("/")
                && !path.startsWith("/api/") && !path.equals("/api")
                && !path.startsWith("/q/")
                && !path.startsWith("/assets/")
                && !lastSegment(path).contains(".");
        if (page) {
            rc.reroute("/");
            return;
        }
        rc.next();
    }

    private static String lastSegment(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static void reject(RoutingContext rc, int status, String message) {
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(ErrorBody.of(message)));
    }
}
