package io.pmos.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts the local Flow Pieces (infra/flow-pieces-local, a real HTTP server that applies operations with
 * Activepieces' own package) for the backend tests, on a free port with a fresh data file, and offers it to PMOS
 * as the "local" Flow Pieces.
 */
public class LocalFlowPieces implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-local-test-flowpieces-0000000000";
    public static final String PROJECT_ID = "testProjectId00000001";
    public static final String USER_EMAIL = "admin@flowpieces.local";
    public static final String USER_PASSWORD = "flowpieces-local-test";

    private Process process;
    private static volatile String url;

    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("..", "infra", "flow-pieces-local").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("infra/flow-pieces-local has no node_modules: run `make test` "
                    + "(or `npm ci` in that folder) before the backend tests");
        }
        int port = freePort();
        try {
            Path data = Files.createTempFile("flow-pieces-test", ".json");
            Files.delete(data);
            ProcessBuilder pb = new ProcessBuilder("node", "src/main.js").directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/flow-pieces-local.log"));
            ChildEnvironment.minimal(pb.environment());
            pb.environment().put("FLOW_PIECES_PORT", Integer.toString(port));
            pb.environment().put("FLOW_PIECES_HOST", "127.0.0.1");
            pb.environment().put("FLOW_PIECES_DATA", data.toString());
            pb.environment().put("FLOW_PIECES_API_KEY", API_KEY);
            pb.environment().put("FLOW_PIECES_PROJECT_ID", PROJECT_ID);
            pb.environment().put("FLOW_PIECES_USER_EMAIL", USER_EMAIL);
            pb.environment().put("FLOW_PIECES_USER_PASSWORD", USER_PASSWORD);
            pb.environment().put("FLOW_PIECES_RUN_DELAY_MS", "50");
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the local Flow Pieces (is node on the PATH?)", e);
        }
        awaitPort(port, Duration.ofSeconds(30));
        url = "http://127.0.0.1:" + port;
        return Map.of("pmos.local.flow-pieces-url", url, "pmos.local.flow-pieces-api-key", API_KEY);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until something accepts connections on the port (bounded), failing early if the process died. */
    void awaitPort(int port, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the local Flow Pieces exited early; see backend/target/flow-pieces-local.log");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new IllegalStateException("the local Flow Pieces did not listen on port " + port + " within " + limit);
    }
}
