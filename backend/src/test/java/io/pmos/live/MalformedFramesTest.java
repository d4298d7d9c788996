package io.pmos.live;

import io.pmos.TestSupport;
import io.pmos.testing.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §7: each malformed WebSocket frame wrote an ERROR with a stack trace (10 bad frames gave 216 log lines).
 * Now a connection's first bad frame is one short WARN line, later ones are counted, the client is told in a plain
 * message, and the socket stays usable when the stream itself is intact.
 */
@QuarkusTest
class MalformedFramesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    private String admin;
    private String flowId;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        flowId = as(admin).body(Map.of("displayName", "Live flow")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
    }

    private static long frameLines(LogCapture log) {
        return log.count("WebSocket") + log.count("websocket");
    }

    @Test
    void tenBadFramesOnOneConnectionAreAtMostTwoLinesAndTheSocketStillSubscribes() throws Exception {
        try (LogCapture log = LogCapture.install()) {
            try (LiveClient client = LiveClient.connect(base, admin)) {
                for (int i = 0; i < 10; i++) {
                    if (i % 2 == 0) {
                        client.sendBinary(new byte[]{1, 2, 3, (byte) i});
                    } else {
                        client.sendRaw("not json " + i);
                    }
                }
                for (int i = 0; i < 10; i++) {
                    JsonObject m = client.next(WAIT);
                    assertEquals("error", m.getString("type"), m.encode());
                    assertEquals("BAD_MESSAGE", m.getString("code"), m.encode());
                    assertTrue(m.getString("message").endsWith("JSON objects."), m.encode());
                }
                client.send(new JsonObject().put("type", "subscribe").put("topic", "flow:" + flowId));
                assertEquals("subscribed", client.next(WAIT).getString("type"));
            }
            // Closing writes the summary, if any: still two lines at most, and never a stack trace.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline && frameLines(log) < 2) {
                Thread.sleep(20);
            }
            assertTrue(frameLines(log) <= 2, log.text());
            assertEquals(List.of(), log.errors());
        }
    }

    /** Frames that break the protocol end the connection (the stream cannot be read on); the log stays short and calm. */
    @Test
    void protocolViolationsCloseWithAReasonAndNeverLogAStackTrace() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        List<byte[]> violations = List.of(frame(0x81, hello, false), frame(0x83, hello, true), frame(0x80, hello, true),
                frame(0x89, new byte[200], true), frame(0x81, new byte[70_000], true));
        try (LogCapture log = LogCapture.install()) {
            for (int i = 0; i < 10; i++) {
                byte[] answer = exchange(violations.get(i % violations.size()));
                // Vert.x drops the TCP connection on a protocol violation; if a close frame comes first, it says 1002.
                if (answer.length >= 4 && (answer[0] & 0xff) == 0x88) {
                    assertEquals(1002, ((answer[2] & 0xff) << 8) | (answer[3] & 0xff));
                }
            }
            assertTrue(frameLines(log) <= 2, log.text());
            assertEquals(List.of(), log.errors());
        }
    }

    /** Opens a raw upgrade with the session cookie, writes one frame and returns everything read until the close. */
    private byte[] exchange(byte[] frame) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/pmos/ws HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nCookie: pmos_session=" + admin + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("upgrade refused: " + head);
                }
                head.write(b);
            }
            assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head.toString());
            out.write(frame);
            out.flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the server kept a connection open after a protocol violation");
            } catch (java.net.SocketException e) {
                // Reset by the server: the connection is over, which is the point.
            }
            return got.toByteArray();
        }
    }

    private static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(first);
        int mask = masked ? 0x80 : 0;
        int len = payload.length;
        if (len < 126) {
            o.write(mask | len);
        } else if (len < 65536) {
            o.write(mask | 126);
            o.write(len >> 8);
            o.write(len & 0xff);
        } else {
            o.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                o.write((int) (((long) len >> (8 * i)) & 0xff));
            }
        }
        byte[] key = {7, 1, 4, 2};
        if (masked) {
            o.writeBytes(key);
        }
        for (int i = 0; i < len; i++) {
            o.write(payload[i] ^ (masked ? key[i % 4] : 0));
        }
        return o.toByteArray();
    }
}
