package io.pmos.common;

import io.pmos.TestSupport;
import io.pmos.testing.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §7: thousands of generated bodies against every POST, PUT and PATCH route, as a super_admin and as a
 * workspace_admin, with real and bogus ids in the path. No answer may be a 5xx, every refusal is the JSON error shape
 * with a plain sentence, and nothing is logged as an error or with a stack trace. Seeded, so a failure replays:
 * {@code -Dfuzz.seed=<n>}; {@code -Dfuzz.bodies=<n>} sets the bodies per route and role (default 60).
 * Routes with effects are fuzzed too: logout with a fresh session per body, the others re-sign-in when a session
 * ends; a well-formed shell body only files an approval request (nothing runs without a super admin's decision);
 * the sign-in routes go last, since failed logins may lock this address out of signing in again.
 */
@QuarkusTest
class InputFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 8_7_2026L);
    private static final int BODIES = Integer.getInteger("fuzz.bodies", 60);
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final List<String> BOGUS_IDS = List.of("00000000-0000-0000-0000-000000000000", "not-an-id",
            "x".repeat(300), "%00", "%F0%9F%98%80", "%E2%80%AE", "..%2F..%2Fetc", "-1", "1e9", "%20");
    private static final List<String> LEAKS = List.of("Exception", "java.", "jakarta.", "com.fasterxml", "io.pmos",
            "io.vertx", "SQLSTATE", "org.hibernate", "\tat ");

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A signed-in account whose session the run may end (logout), so it can sign in again. */
    private static final class Account {
        final String email;
        String cookie;

        Account(String email, String cookie) {
            this.email = email;
            this.cookie = cookie;
        }
    }

    @Test
    void noGeneratedBodyGetsA5xxOrALoggedError() throws Exception {
        TestSupport.resetDatabase();
        Account root = new Account("root@example.com", TestSupport.signupCookie("Root User", "root@example.com"));
        as(root.cookie).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        String wsAdminEmail = "wsadmin@example.com";
        Account wsAdmin = new Account(wsAdminEmail, TestSupport.invited(root.cookie, wsAdminEmail, "workspace_admin"));
        String flowId = as(root.cookie).body(Map.of("displayName", "Fuzzed")).post("/api/pmos/flows").then().statusCode(201)
                .extract().path("flow.id");
        String conversationId = as(root.cookie).body(Map.of("title", "Fuzzed")).post("/api/pmos/chat/conversations")
                .then().statusCode(201).extract().path("conversation.id");
        String url = as(root.cookie).body(Map.of("email", "invitee@example.com", "role", "member"))
                .post("/api/pmos/workspace/invitations").then().statusCode(200).extract().path("invitation.url");
        Map<String, List<String>> real = Map.of(
                "/flows/{id}", List.of(flowId),
                "/conversations/{id}", List.of(conversationId),
                "/members/{userId}", List.of(TestSupport.userId(wsAdmin.cookie), TestSupport.userId(root.cookie)),
                "/invitations/{token}", List.of(url.substring(url.lastIndexOf('/') + 1)));

        List<BodyRoutes.Route> routes = new ArrayList<>(BodyRoutes.scan(false));
        // Sign-in routes last: failed logins may lock this address, and the accounts must be able to sign in again.
        routes.sort((a, b) -> Boolean.compare(a.path().matches(".*/auth/(login|signup)$"), b.path().matches(".*/auth/(login|signup)$")));
        assertTrue(routes.size() >= 18, "expected every body route, found " + routes);

        BodyFuzzer fuzzer = new BodyFuzzer(SEED);
        Random pick = new Random(SEED);
        Map<String, String> failures = new LinkedHashMap<>();
        int sent = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        long started = System.nanoTime();
        try (LogCapture log = LogCapture.install()) {
            for (BodyRoutes.Route route : routes) {
                boolean logout = route.path().endsWith("/auth/logout");
                for (Account account : List.of(root, wsAdmin)) {
                    for (BodyFuzzer.Probe probe : fuzzer.probes(route.body(), logout ? 6 : BODIES)) {
                        String path = fill(route.path(), real, pick);
                        String cookie = logout ? signIn(account.email) : account.cookie;
                        HttpResponse<String> r = send(route.method(), path, cookie, probe);
                        sent++;
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        String problem = problem(r);
                        if (problem != null) {
                            failures.putIfAbsent(route + " [" + probe.label() + ", " + r.statusCode() + "]",
                                    problem + " <- " + path + " " + preview(probe));
                        }
                        if (r.statusCode() == 401 && !logout && !stillSignedIn(account)) {
                            account.cookie = signIn(account.email);
                        }
                    }
                }
                if (route.path().endsWith("/connectors")) {
                    // Fuzzed connector settings would send later routes elsewhere: put the local Flow Pieces back.
                    as(root.cookie).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors");
                }
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            System.out.printf("InputFuzzTest: %d requests over %d routes in %d s (seed %d), statuses %s%n", sent,
                    routes.size(), seconds, SEED, statuses);
            assertTrue(sent >= 2_000 || BODIES < 60, "expected thousands of requests, sent " + sent);
            assertTrue(failures.isEmpty(), failures.size() + " kinds of failure (seed " + SEED + "):\n"
                    + String.join("\n", failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
            assertEquals(List.of(), log.errors(), "errors or stack traces were logged during the run");
        }
    }

    /** Odd query values and path ids on every GET route (the read side of the same promise). */
    @Test
    void noOddQueryValueOrPathIdGetsA5xx() throws Exception {
        TestSupport.resetDatabase();
        String root = TestSupport.signupCookie("Root User", "root@example.com");
        as(root).body(Map.of("flowPieces", Map.of("preset", "local"))).put("/api/pmos/connectors").then().statusCode(200);
        List<String> odd = List.of("", "-1", "0", "1e99", "99999999999999999999", "abc", "%00", "%ED%A0%80",
                "%F0%9F%98%80", "x".repeat(2_000), "%27%20OR%201%3D1", "null", "2026-13-45T99:99:99Z", "%E2%80%AE");
        Random pick = new Random(SEED);
        Map<String, String> failures = new LinkedHashMap<>();
        int sent = 0;
        try (LogCapture log = LogCapture.install()) {
            for (Map.Entry<String, List<String>> route : BodyRoutes.gets().entrySet()) {
                for (String value : odd) {
                    String path = route.getKey().replaceAll("\\{[^}]+}", value.isEmpty() ? "x" : value);
                    StringBuilder query = new StringBuilder();
                    for (String name : route.getValue()) {
                        query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                                .append(odd.get(pick.nextInt(odd.size())));
                    }
                    HttpResponse<String> r = send("GET", path + query, root,
                            new BodyFuzzer.Probe(null, new byte[0], "query"));
                    sent++;
                    String problem = r.statusCode() == 404 && !path.startsWith("/api/") ? null : problem(r);
                    if (problem != null) {
                        failures.putIfAbsent(route.getKey() + " [" + r.statusCode() + "]", problem + " <- " + path + query);
                    }
                }
            }
            assertTrue(sent > 100, "expected the GET routes, sent " + sent);
            assertTrue(failures.isEmpty(), String.join("\n", failures.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList()));
            assertEquals(List.of(), log.errors(), "errors or stack traces were logged during the run");
        }
    }

    /** What is wrong with an answer, or null: no 5xx, and every refusal is {ok:false, error} in plain words. */
    private static String problem(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) {
            return "server error " + r.body();
        }
        if (status < 400) {
            return null;
        }
        JsonObject body;
        try {
            body = new JsonObject(r.body());
        } catch (RuntimeException e) {
            return "refusal is not a JSON object: " + preview(r.body());
        }
        if (!Boolean.FALSE.equals(body.getValue("ok")) || !(body.getValue("error") instanceof String error) || error.isBlank()) {
            return "refusal lacks {ok:false, error}: " + preview(r.body());
        }
        for (String leak : LEAKS) {
            if (error.contains(leak)) {
                return "refusal names internals (" + leak + "): " + error;
            }
        }
        return null;
    }

    private HttpResponse<String> send(String method, String path, String cookie, BodyFuzzer.Probe probe) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, probe.body().length == 0 && method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()))
                .header("Accept", "application/json")
                .header("Cookie", "pmos_session=" + cookie);
        if (probe.contentType() != null) {
            b.header("Content-Type", probe.contentType());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Fills path parameters with a real id of the right kind half of the time, a bogus one otherwise. */
    private static String fill(String template, Map<String, List<String>> real, Random pick) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> options = real.entrySet().stream().filter(e -> template.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).toList();
            String value = !options.isEmpty() && pick.nextBoolean() ? options.get(pick.nextInt(options.size()))
                    : BOGUS_IDS.get(pick.nextInt(BOGUS_IDS.size()));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean stillSignedIn(Account account) {
        return as(account.cookie).get("/api/pmos/auth/me").statusCode() == 200;
    }

    private static String signIn(String email) {
        Response r = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", TestSupport.PASSWORD)).post("/api/pmos/auth/login");
        assertEquals(200, r.statusCode(), "signing in again failed: " + r.asString());
        return r.getCookie("pmos_session");
    }

    private static String preview(BodyFuzzer.Probe probe) {
        return "(" + probe.contentType() + ") " + preview(new String(probe.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String preview(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }
}
