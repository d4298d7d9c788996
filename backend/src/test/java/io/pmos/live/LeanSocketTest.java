package io.pmos.live;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 3: an open socket keeps nothing of its upgrade request. Before, each kept the upgrade's request context
 * and routing-context data: the deferred identity with its authentication pipeline and 16 context-propagation
 * snapshots. Counted here in this JVM's heap (jcmd GC.class_histogram, after a full collection) while 40 sockets are
 * open. The upgrade is still refused without a live session, now by {@link LiveUpgrade} rather than @RolesAllowed.
 */
@QuarkusTest
class LeanSocketTest {

    private static final int SOCKETS = 40;
    private static final String SNAPSHOT = "io.smallrye.context.impl.SlowCapturedContextState";

    @TestHTTPResource("/")
    URI base;

    private String cookie;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        cookie = TestSupport.signupCookie("Lean Admin", TestSupport.uniqueEmail("lean"));
    }

    @Test
    void openSocketsKeepNoContextSnapshotsOfTheirUpgrade() throws Exception {
        long before = liveInstances(SNAPSHOT);
        List<LiveClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                LiveClient c = LiveClient.connect(base, cookie);
                open.add(c);
                c.send(new JsonObject().put("type", "ping"));
                c.until(m -> "pong".equals(m.getString("type")), Duration.ofSeconds(10));
            }
            long during = liveInstances(SNAPSHOT);
            // one per socket would already be a leak; before this fix it was 16 per socket
            assertTrue(during - before < SOCKETS, "context snapshots held by " + SOCKETS + " idle sockets: "
                    + (during - before));
        } finally {
            for (LiveClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void anUpgradeWithoutALiveSessionIsRefused() throws Exception {
        assertRefused(null, 401);
        assertRefused("not-a-session", 401);
        as(cookie).post("/api/pmos/auth/logout").then().statusCode(200);
        assertRefused(cookie, 401);
    }

    private void assertRefused(String withCookie, int status) {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> LiveClient.connect(base, withCookie));
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, refused.getCause());
        assertEquals(status, rejected.getStatus());
    }

    /** Live instances of a class in this JVM (the application runs in it), after a full collection. */
    private static long liveInstances(String className) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd failed: " + text);
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "\\s*$", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
