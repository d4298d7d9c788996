package io.pmos.mcp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned reference MCP server (@modelcontextprotocol/server-everything from infra/mcp-local) as a real Node
 * process on a free port: installed with npm ci when missing, started, awaited until it accepts connections,
 * and killed on close. Its output goes to target/mcp-local-PORT.log for diagnosis.
 */
public final class ReferenceMcpServer implements AutoCloseable {

    /** The transports the pinned version offers: Streamable HTTP at /mcp, the old HTTP+SSE one at /sse. */
    public enum Transport {
        STREAMABLE_HTTP("streamableHttp", "/mcp"), SSE("sse", "/sse");

        final String argument;
        final String path;

        Transport(String argument, String path) {
            this.argument = argument;
            this.path = path;
        }
    }

    private static final String ENTRY = "node_modules/@modelcontextprotocol/server-everything/dist/index.js";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Transport transport;
    private final Path log;

    private ReferenceMcpServer(Process process, int port, Transport transport, Path log) {
        this.process = process;
        this.port = port;
        this.transport = transport;
        this.log = log;
    }

    public static ReferenceMcpServer start(Transport transport) {
        Path dir = packageDir();
        ensureInstalled(dir);
        int port = freePort();
        Path log = Path.of("target", "mcp-local-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder("node", ENTRY, transport.argument)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            io.pmos.testing.ChildEnvironment.minimal(builder.environment());
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            ReferenceMcpServer server = new ReferenceMcpServer(process, port, transport, log);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start node (Node 20+ must be on the PATH): " + e.getMessage(), e);
        }
    }

    /** The endpoint URL, e.g. http://127.0.0.1:PORT/mcp. */
    public String url() {
        return "http://127.0.0.1:" + port + transport.path;
    }

    public int port() {
        return port;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet; the wait below doubles as the poll interval and the "did it die?" check
            }
            try {
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the reference MCP server exited with " + process.exitValue()
                            + " before listening; see " + log + ":\n" + tail());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting the reference MCP server", e);
            }
        }
        close();
        throw new IllegalStateException("the reference MCP server did not listen on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; see " + log + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** infra/mcp-local, found from the working directory upwards (Maven runs tests in backend/). */
    static Path packageDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra").resolve("mcp-local");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("infra/mcp-local/package.json not found above " + Path.of("").toAbsolutePath());
    }

    private static synchronized void ensureInstalled(Path dir) {
        if (Files.isRegularFile(dir.resolve(ENTRY))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "npm-ci.log")).start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " took longer than " + INSTALL_TIMEOUT);
            }
            if (npm.exitValue() != 0 || !Files.isRegularFile(dir.resolve(ENTRY))) {
                throw new IllegalStateException("npm ci in " + dir + " failed; see " + dir.resolve("npm-ci.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run npm (Node 20+ must be on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the reference MCP server", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
