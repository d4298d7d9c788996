package io.pmos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy the tests own, put between PMOS and a dependency to replay faults without touching the real
 * service: {@link #cut()} drops every open connection and refuses new ones, {@link #restore()} accepts again;
 * {@link #delayReplies(Duration)} holds every chunk the dependency sends back for a while (a slow service),
 * {@link #stall()} keeps connections open but forwards nothing in either direction (a hung service), and
 * {@link #heal()} ends both; {@link #jitterReplies(Duration)} holds each reply chunk for a random while, so that
 * answers to parallel requests come back in another order than the dependency gave them.
 */
public final class FaultProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile long replyDelayNanos;
    private volatile long replyJitterNanos;
    private volatile boolean stalled;
    private final Object stallLock = new Object();

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        acceptOn(server);
    }

    public static FaultProxy to(String targetHost, int targetPort) {
        try {
            return new FaultProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy could not listen", e);
        }
    }

    public int port() {
        return port;
    }

    /** Drop every open connection and refuse new ones (the port stops listening). */
    public synchronized void cut() {
        closeQuietly(server);
        open.forEach(FaultProxy::closeQuietly);
        open.clear();
    }

    /** Listen on the same port again; nothing to do when not cut. */
    public synchronized void restore() {
        if (!server.isClosed()) {
            return;
        }
        try {
            server = listen(port);
            acceptOn(server);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy could not listen again on " + port, e);
        }
    }

    /** Every chunk the dependency sends back from now on reaches PMOS only after this delay (zero ends it). */
    public void delayReplies(Duration delay) {
        replyDelayNanos = delay.toNanos();
    }

    /** Every chunk the dependency sends back from now on is held for a random time up to {@code max} (zero ends it). */
    public void jitterReplies(Duration max) {
        replyJitterNanos = max.toNanos();
    }

    /** Connections stay open (and new ones are accepted) but no byte is forwarded until {@link #heal()}. */
    public void stall() {
        stalled = true;
    }

    /** Ends {@link #delayReplies(Duration)}, {@link #jitterReplies(Duration)} and {@link #stall()}; bytes held by a stall flow on. */
    public void heal() {
        replyDelayNanos = 0;
        replyJitterNanos = 0;
        synchronized (stallLock) {
            stalled = false;
            stallLock.notifyAll();
        }
    }

    @Override
    public synchronized void close() {
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptOn(ServerSocket listening) {
        daemon("fault-proxy-accept-" + port, () -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    // The listening socket was closed by cut(), or the target refused: the next loop decides.
                }
            }
        });
    }

    private void pump(Socket from, Socket to, boolean reply) {
        daemon("fault-proxy-pump-" + port, () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitNotStalled();
                    long delay = replyDelayNanos;
                    if (reply && delay > 0) {
                        Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                    }
                    long jitter = replyJitterNanos;
                    if (reply && jitter > 0) {
                        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(jitter) / 1_000_000);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // Cut, or the peer closed: close both ends below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private void awaitNotStalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled) {
                stallLock.wait();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed.
        }
    }
}
