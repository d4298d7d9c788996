package io.pmos.common;

import io.pmos.config.PmosConfig;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Filters in front of every route: security and cache headers on every answer, the refusal of state-changing
 * API calls sent from other sites, the JSON body cap on /api (answered as JSON before any byte is read),
 * and the SPA fallback that lets deep links such as /flows/123 load index.html.
 */
@ApplicationScoped
public class HttpFilters {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    /** Hashed build output (web-ui/dist/assets): a changed file gets a new name, so it may be kept for a year. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final int maxJsonBody;
    private final Origins origins;

    public HttpFilters(PmosConfig config, Origins origins) {
        this.maxJsonBody = config.http().maxJsonBody();
        this.origins = origins;
    }

    /**
     * Registered first, and written when the headers go out, so refusals, errors, 404s, static files and
     * the SPA all carry them, whichever handler answers.
     */
    @RouteFilter(120)
    void securityHeaders(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        rc.addHeadersEndHandler(v -> {
            MultiMap headers = rc.response().headers();
            headers.set("Content-Security-Policy", contentSecurityPolicy(request));
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
            // request.scheme() is https over TLS, or behind a TLS proxy when PMOS_BEHIND_PROXY lets X-Forwarded-Proto count
            if ("https".equalsIgnoreCase(request.scheme())) {
                headers.set("Strict-Transport-Security", "max-age=31536000");
            }
            headers.set(HttpHeaders.CACHE_CONTROL, cacheControl(rc));
        });
        rc.next();
    }

    /** A page of another site may not make a signed-in browser change anything (CSRF): refused before any handler runs. */
    @RouteFilter(110)
    void refuseCrossSiteWrites(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (rc.normalizedPath().startsWith("/api/") && WITH_BODY.contains(request.method()) && origins.crossSite(request)) {
            reject(rc, 403, ErrorBody.of("This request was sent from another website and was refused. "
                    + "Use PMOS from its own address.", "CROSS_SITE_REQUEST"));
            return;
        }
        rc.next();
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

    /**
     * Self only; no inline script. React Flow positions nodes through element.style (CSSOM), which style-src
     * does not govern, so styles need no 'unsafe-inline'. Images may come from https: because piece logos
     * live on the Flow Pieces CDN; an image cannot run code.
     */
    private String contentSecurityPolicy(HttpServerRequest request) {
        StringBuilder connect = new StringBuilder("'self'");
        origins.socketSources(request).forEach(source -> connect.append(' ').append(source));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; "
                + "connect-src " + connect + "; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
                + "form-action 'self'";
    }

    /**
     * API answers are never stored; index.html and deep links are revalidated on every load (a deploy is seen
     * at once); only the hashed files under /assets/ are immutable.
     */
    private static String cacheControl(RoutingContext rc) {
        String path = rc.normalizedPath();
        int status = rc.response().getStatusCode();
        if (path.startsWith("/assets/") && (status == 200 || status == 304)) {
            return IMMUTABLE;
        }
        if (path.startsWith("/api/") || path.equals("/api")) {
            String own = rc.response().headers().get(HttpHeaders.CACHE_CONTROL);
            return own != null ? own : "no-store";
        }
        return "no-cache";
    }

    private static void reject(RoutingContext rc, int status, String message) {
        reject(rc, status, ErrorBody.of(message));
    }

    private static void reject(RoutingContext rc, int status, ErrorBody body) {
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(body));
    }
}
