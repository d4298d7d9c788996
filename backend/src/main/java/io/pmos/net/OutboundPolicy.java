package io.pmos.net;

import io.pmos.config.PmosConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The operator's outbound address policy, applied to every call PMOS makes to a configured URL (Flow Pieces, MCP,
 * AI providers). A host is resolved once, off the event loop; every address it resolves to must be allowed, and the
 * caller connects to the checked address ({@link Vetted#server()}), so a second lookup cannot be rebound elsewhere.
 * Link-local, metadata, unspecified, multicast and reserved addresses are always refused; loopback and private ranges
 * only when PMOS_OUTBOUND_ALLOW_PRIVATE is on.
 */
@ApplicationScoped
public class OutboundPolicy {

    /** Looks a host name up: the system resolver (hosts file, DNS), or a stand-in in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Vertx vertx;
    private final boolean allowPrivate;
    private final Resolver resolver;

    @Inject
    public OutboundPolicy(Vertx vertx, PmosConfig config) {
        this(vertx, config.outbound().allowPrivate());
    }

    public OutboundPolicy(Vertx vertx, boolean allowPrivate) {
        this(vertx, allowPrivate, InetAddress::getAllByName);
    }

    public OutboundPolicy(Vertx vertx, boolean allowPrivate, Resolver resolver) {
        this.vertx = vertx;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    public boolean allows(InetAddress address) {
        AddressKind kind = OutboundAddresses.classify(address);
        return kind == AddressKind.PUBLIC || allowPrivate && kind.needsPrivate();
    }

    /**
     * The cheap check for settings being saved: a URL whose host is an IP literal (in any spelling) or localhost that
     * the policy refuses. Names are not looked up here; the check at connect time is the one that counts.
     */
    public void refuseLiteral(String url) {
        String host = host(url);
        if (host == null) {
            return; // not a URL the policy can judge; the settings' own validation answers
        }
        if (OutboundAddresses.isLocalhostName(host) && !allowPrivate) {
            throw new AddressNotAllowedException();
        }
        InetAddress literal = OutboundAddresses.literal(host);
        if (literal != null && !allows(literal)) {
            throw new AddressNotAllowedException();
        }
    }

    /** Resolves and checks on a worker thread; completes on the caller's context. */
    public Future<Vetted> vet(Context context, String url) {
        return context.executeBlocking(() -> vetBlocking(url), false);
    }

    /** {@link #vet(Context, String)} as a Uni, on the current Vert.x context (or a new one). */
    public Uni<Vetted> vet(String url) {
        return Uni.createFrom().deferred(() -> UniHelper.toUni(vet(vertx.getOrCreateContext(), url)));
    }

    /**
     * Resolves and checks in the calling thread (which may block: never call it on an event loop). Fails with
     * {@link AddressNotAllowedException}, or {@link UnknownHostException} for a name that does not resolve.
     */
    public Vetted vetBlocking(String url) throws UnknownHostException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new AddressNotAllowedException();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !scheme.equals("http") && !scheme.equals("https")) {
            throw new AddressNotAllowedException(); // nothing PMOS could check, so nothing it connects to
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (OutboundAddresses.isLocalhostName(host) && !allowPrivate) {
            throw new AddressNotAllowedException();
        }
        InetAddress literal = OutboundAddresses.literal(host);
        if (literal != null && !allows(literal)) {
            throw new AddressNotAllowedException(); // however the resolver would read an odd spelling
        }
        InetAddress[] all = resolver.resolve(host);
        if (all == null || all.length == 0) {
            throw new UnknownHostException("no address");
        }
        for (InetAddress a : all) {
            if (!allows(a)) {
                throw new AddressNotAllowedException();
            }
        }
        // a copy without the name, so the connection goes to this IP and nothing looks the name up again
        return new Vetted(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port,
                InetAddress.getByAddress(all[0].getAddress()));
    }

    /** The host of a URL; for an authority java.net.URI cannot read as a host (e.g. "127.1"), that authority's host part. */
    private static String host(String url) {
        try {
            URI uri = url == null ? null : new URI(url.strip());
            if (uri == null || uri.getHost() != null || uri.getRawAuthority() == null) {
                return uri == null ? null : uri.getHost();
            }
            String authority = uri.getRawAuthority();
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            return colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
