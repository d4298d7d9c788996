package io.pmos.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP listener on 127.0.0.1 that counts the connections it accepts and closes each at once: the witness of
 * whether PMOS connected at all.
 */
final class CountingListener implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch first = new CountDownLatch(1);
    private final Thread acceptor;

    CountingListener() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    first.countDown();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "counting-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Waits (bounded) until at least one connection arrived; false when none came. */
    boolean awaitConnection(Duration bound) throws InterruptedException {
        return first.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A port on 127.0.0.1 where nothing listens (bound a moment ago, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
