package io.pmos.identity;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pmos.TestSupport.PASSWORD;
import static io.pmos.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §4 replayed with real concurrent HTTP requests: a burst against one account, and password spraying over
 * many emails from one address. Limits are the defaults: 5 per email and address, 20 per address, 15 minutes.
 */
@QuarkusTest
class LoginLockoutTest {

    private static final int PER_EMAIL = 5;
    private static final int PER_ADDRESS = 20;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        TestSupport.signupCookie("Ada Lovelace", "ada@example.com");
    }

    @Test
    void thirtyOneSimultaneousSignInsGetNoMorePasswordChecksThanTheLimit() throws Exception {
        List<Map<String, String>> bodies = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            bodies.add(Map.of("email", "ada@example.com", "password", i == 15 ? PASSWORD : "wrong guess " + i));
        }
        List<HttpResponse<String>> answers = burst(bodies);

        long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
        long wrong = answers.stream().filter(r -> r.statusCode() == 401).count();
        long locked = answers.stream().filter(r -> r.statusCode() == 429).count();
        assertEquals(31, ok + wrong + locked, "only 200, 401 or 429: " + statuses(answers));
        // every 200 and 401 is one password check; the 429s never reached one
        assertTrue(ok + wrong <= PER_EMAIL, "password checks " + (ok + wrong) + " > " + PER_EMAIL + ": " + statuses(answers));
        assertEquals(ok + wrong, count("SELECT count(*) FROM audit_events WHERE action = 'auth.login' "
                + "AND outcome IN ('success', 'failure')"), "audited checks match the answers");
        assertEquals(31 - ok - wrong, locked);
        assertTrue(ok <= 1);
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 429) {
                assertTooMany(r);
            }
        }
        // The lock holds after the burst: even the right password waits for the window.
        assertTooMany(login("ada@example.com", PASSWORD));
    }

    @Test
    void aBurstBeyondTheLimitLocksAndTheRightPasswordAfterItGets429UntilTheWindowPasses() throws Exception {
        List<Map<String, String>> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bodies.add(Map.of("email", "ada@example.com", "password", "wrong guess " + i));
        }
        List<HttpResponse<String>> answers = burst(bodies);
        long wrong = answers.stream().filter(r -> r.statusCode() == 401).count();
        assertEquals(PER_EMAIL, wrong, "exactly the limit is checked: " + statuses(answers));
        assertEquals(12 - PER_EMAIL, answers.stream().filter(r -> r.statusCode() == 429).count());

        HttpResponse<String> right = login("ada@example.com", PASSWORD);
        assertTooMany(right);
        assertEquals(PER_EMAIL, count("SELECT count(*) FROM login_attempts WHERE email = 'ada@example.com'"));

        windowPasses();
        assertEquals(200, login("ada@example.com", PASSWORD).statusCode());
    }

    @Test
    void sprayingFortyEmailsFromOneAddressLocksTheAddress() throws Exception {
        String victim = TestSupport.uniqueEmail("victim");
        TestSupport.signupCookie("Vic Tim", victim);
        List<Map<String, String>> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(Map.of("email", "sprayed-" + i + "@example.com", "password", "Summer2026!"));
        }
        List<HttpResponse<String>> answers = burst(bodies);
        long wrong = answers.stream().filter(r -> r.statusCode() == 401).count();
        long locked = answers.stream().filter(r -> r.statusCode() == 429).count();
        assertEquals(40, wrong + locked, statuses(answers));
        assertTrue(wrong <= PER_ADDRESS, "password checks " + wrong + " > " + PER_ADDRESS);
        assertEquals(40 - wrong, locked);
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 429) {
                assertTooMany(r);
            }
        }
        // An email never tried from this address, with its right password: the address is locked all the same.
        assertTooMany(login(victim, PASSWORD));

        windowPasses();
        assertEquals(200, login(victim, PASSWORD).statusCode());
    }

    @Test
    void successfulSignInsNeverCountTowardsTheLimits() throws Exception {
        for (int i = 0; i < PER_ADDRESS + 2; i++) {
            HttpResponse<String> r = login("ada@example.com", PASSWORD);
            assertEquals(200, r.statusCode(), "sign-in " + i + ": " + r.body());
        }
        assertEquals(0, count("SELECT count(*) FROM login_attempts WHERE NOT succeeded"));
    }

    /** Fires every body at once over connections opened beforehand, and waits for all answers. */
    private List<HttpResponse<String>> burst(List<Map<String, String>> bodies) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> warm = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            warm.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (Map<String, String> body : bodies) {
            sent.add(http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private HttpResponse<String> login(String email, String password) throws Exception {
        return http.send(request(Map.of("email", email, "password", password)), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(Map<String, String> body) {
        return HttpRequest.newBuilder(base.resolve("/api/pmos/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(Map.copyOf(body)).encode()))
                .build();
    }

    /** Moves every recorded attempt back by more than the window, as if 15 minutes had gone by. */
    private static void windowPasses() {
        TestSupport.exec("UPDATE login_attempts SET at = at - interval '15 minutes 1 second'");
    }

    private static void assertTooMany(HttpResponse<String> r) {
        assertEquals(429, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(false, body.getBoolean("ok"));
        assertTrue(body.getString("error").startsWith("Too many failed sign-in attempts. Try again in "), body.encode());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 15 * 60 + 1, "Retry-After " + retryAfter);
    }

    private static String statuses(List<HttpResponse<String>> answers) {
        return answers.stream().map(r -> Integer.toString(r.statusCode())).toList().toString();
    }
}
