package io.pmos.common;

import io.pmos.config.PmosConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for which web origins may drive PMOS from a browser: the public URL (PMOS_PUBLIC_URL) and
 * PMOS_ALLOWED_ORIGINS, or, when no public URL is set, the address the request itself was sent to.
 * Used by the HTTP filter for state-changing API calls and by the WebSocket upgrade check; created at start-up so
 * that a malformed setting stops PMOS with a plain message instead of failing requests.
 */
@Startup
@ApplicationScoped
public class Origins {

    /** What a Host header may contain before it is echoed into a header value (CSP connect-src). */
    private static final Pattern SAFE_AUTHORITY = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final Set<String> configured;
    private final boolean publicUrlSet;

    @Inject
    public Origins(PmosConfig config) {
        this(config.publicUrl(), config.allowedOrigins().orElse(List.of()));
    }

    Origins(Optional<String> publicUrl, List<String> allowedOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        publicUrl.ifPresent(url -> origins.add(requireOrigin("PMOS_PUBLIC_URL", url)));
        for (String origin : allowedOrigins) {
            if (!origin.isBlank()) {
                origins.add(requireOrigin("PMOS_ALLOWED_ORIGINS", origin.trim()));
            }
        }
        this.configured = Set.copyOf(origins);
        this.publicUrlSet = publicUrl.isPresent();
    }

    /**
     * Whether a browser sent this request from a page PMOS does not trust: a {@code Sec-Fetch-Site: cross-site}
     * header, or an {@code Origin} (including the opaque {@code null}) that is not one of PMOS's origins.
     * Requests with neither header come from non-browser clients and are not cross-site.
     */
    public boolean crossSite(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.trim().equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !allowed(origin, request);
    }

    boolean allowed(String origin, HttpServerRequest request) {
        String normalized = normalize(origin.trim());
        if (normalized == null) {
            return false;
        }
        if (configured.contains(normalized)) {
            return true;
        }
        return !publicUrlSet && normalized.equals(requestOrigin(request));
    }

    /**
     * The WebSocket addresses of PMOS for CSP {@code connect-src} (older browsers do not count ws: as 'self'):
     * ws/wss of the public URL, or of the address the request was sent to when none is set.
     */
    public List<String> socketSources(HttpServerRequest request) {
        List<String> sources = new ArrayList<>();
        if (publicUrlSet) {
            for (String origin : configured) {
                String authority = origin.substring(origin.indexOf("://") + 3);
                sources.add((origin.startsWith("https:") ? "wss://" : "ws://") + authority);
            }
            return sources;
        }
        String own = requestOrigin(request);
        if (own != null) {
            String authority = own.substring(own.indexOf("://") + 3);
            sources.add((own.startsWith("https:") ? "wss://" : "ws://") + authority);
        }
        return sources;
    }

    /** scheme://host[:port] of the request as the browser addressed it (forwarded headers only when PMOS_BEHIND_PROXY). */
    private static String requestOrigin(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        String host = authority != null ? hostAndPort(authority) : request.getHeader("Host");
        if (host == null || !SAFE_AUTHORITY.matcher(host).matches()) {
            return null;
        }
        return normalize(request.scheme() + "://" + host);
    }

    private static String hostAndPort(HostAndPort authority) {
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    /** scheme://host[:port] in lower case without the scheme's default port; null when it is not an http(s) origin. */
    static String normalize(String origin) {
        if (origin.isEmpty() || origin.equals("null")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (Exception e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String requireOrigin(String setting, String value) {
        String normalized = normalize(value.replaceAll("/+$", ""));
        if (normalized == null || !originOnly(value)) {
            throw new IllegalArgumentException(setting + " must be an http(s) address such as https://pmos.example.com, not '"
                    + value + "'.");
        }
        return normalized;
    }

    /** A public URL may end in "/", but not carry a path, query or fragment: an origin has none. */
    private static boolean originOnly(String value) {
        try {
            URI uri = new URI(value);
            String path = uri.getRawPath();
            return (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (Exception e) {
            return false;
        }
    }
}
