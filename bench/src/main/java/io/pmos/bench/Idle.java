package io.pmos.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle authenticated WebSockets: what n of them cost the server, as heap in use after a full GC (jcmd GC.run, then
 * GC.heap_info) and as resident memory (/proc/PID/status), before and after they were opened.
 */
final class Idle {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Idle() {
    }

    static JsonObject run(Target target, WebSocketClient client, int n) {
        long heapBefore = heapKiB(target.pid());
        long rssBefore = rssKiB(target.pid());
        List<WebSocket> open = new ArrayList<>(n);
        AtomicInteger failed = new AtomicInteger();
        List<String> reasons = new ArrayList<>();
        Semaphore window = new Semaphore(256);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquireUninterruptibly();
            target.socket(client).onComplete(ar -> {
                if (ar.succeeded()) {
                    synchronized (open) {
                        open.add(ar.result());
                    }
                } else if (failed.incrementAndGet() <= 3) {
                    synchronized (reasons) {
                        reasons.add(String.valueOf(ar.cause().getMessage()));
                    }
                }
                window.release();
            });
        }
        window.acquireUninterruptibly(256);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        // let the server settle what each connection does right after the upgrade (PMOS checks the session once)
        Bench.pause(2000);
        long heapAfter = heapKiB(target.pid());
        long rssAfter = rssKiB(target.pid());
        int opened;
        synchronized (open) {
            opened = open.size();
            open.forEach(WebSocket::close);
        }
        return new JsonObject().put("target", target.name()).put("sockets", n).put("opened", opened).put("failed", failed.get())
                .put("failures", new io.vertx.core.json.JsonArray(reasons))
                .put("openSeconds", Math.round(openSeconds * 100) / 100.0)
                .put("heapBeforeKiB", heapBefore).put("heapAfterKiB", heapAfter)
                .put("heapPerSocketKiB", opened == 0 ? 0 : Math.round((heapAfter - heapBefore) * 100.0 / opened) / 100.0)
                .put("rssBeforeKiB", rssBefore).put("rssAfterKiB", rssAfter)
                .put("rssPerSocketKiB", opened == 0 ? 0 : Math.round((rssAfter - rssBefore) * 100.0 / opened) / 100.0);
    }

    /** Heap in use after a full collection, in KiB. */
    static long heapKiB(long pid) {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no heap use");
        }
        return Long.parseLong(m.group(1));
    }

    static long rssKiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of process " + pid, e);
        }
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
