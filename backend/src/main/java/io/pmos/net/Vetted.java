package io.pmos.net;

import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A destination that passed the outbound policy: the host as written (for Host and TLS) and the IP to connect to. */
public record Vetted(String host, int port, InetAddress address) {

    /** The checked IP as a Vert.x server address: connected to as is, never looked up again. */
    public SocketAddress server() {
        return SocketAddress.inetSocketAddress(new InetSocketAddress(address, port));
    }

    public io.vertx.mutiny.core.net.SocketAddress mutinyServer() {
        return io.vertx.mutiny.core.net.SocketAddress.newInstance(server());
    }
}
