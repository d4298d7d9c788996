package io.pmos.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the figures were measured on: processor, memory, load at the start, JDK and the versions of the stack. */
final class Machine {

    private Machine() {
    }

    static JsonObject facts(Map<String, String> env) {
        return new JsonObject()
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("cpu", line("/proc/cpuinfo", "model name"))
                .put("memoryGiB", Math.round(Long.parseLong(line("/proc/meminfo", "MemTotal").replaceAll("\\D", "")) / 1048576.0 * 10) / 10.0)
                .put("loadAverageAtStart", read("/proc/loadavg").split(" ")[0])
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("quarkus", env.getOrDefault("BENCH_QUARKUS_VERSION", "?"))
                .put("vertx", vertxVersion())
                .put("node", env.getOrDefault("BENCH_NODE_VERSION", "?"))
                .put("client", "one JVM process, Vert.x " + vertxVersion() + " HTTP and WebSocket clients");
    }

    private static String vertxVersion() {
        try (InputStream in = io.vertx.core.Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
            return in == null ? "?" : new String(in.readAllBytes()).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String line(String file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
