package io.pmos.common;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of answer (API, error, SPA page, asset, refusal) carries the security headers and the right caching. */
@QuarkusTest
class SecurityHeadersTest {

    static final String ASSET = "/assets/index-T3stH4sh.js";

    /** The directives of a Content-Security-Policy header, each with its sources. */
    static Map<String, List<String>> csp(Response r) {
        String header = r.header("Content-Security-Policy");
        assertNotNull(header, "no Content-Security-Policy on " + r.statusCode());
        Map<String, List<String>> directives = new HashMap<>();
        for (String part : header.split(";")) {
            List<String> words = Arrays.asList(part.trim().split("\\s+"));
            directives.put(words.get(0), words.subList(1, words.size()));
        }
        return directives;
    }

    /** What every answer must carry, whoever wrote it. */
    static void assertSecurityHeaders(Response r) {
        Map<String, List<String>> csp = csp(r);
        assertEquals(List.of("'self'"), csp.get("default-src"));
        assertEquals(List.of("'self'"), csp.get("script-src"), "scripts from PMOS itself only, no inline script");
        assertEquals(List.of("'self'"), csp.get("style-src"));
        assertEquals(List.of("'none'"), csp.get("frame-ancestors"));
        assertEquals(List.of("'self'"), csp.get("base-uri"));
        assertEquals(List.of("'self'"), csp.get("form-action"));
        assertEquals(List.of("'none'"), csp.get("object-src"));
        assertTrue(csp.get("img-src").containsAll(List.of("'self'", "data:")), csp.toString());
        assertTrue(csp.get("connect-src").contains("'self'"), csp.toString());
        assertTrue(csp.get("connect-src").contains("ws://localhost:" + RestAssured.port),
                "the live socket of this origin is allowed: " + csp);
        assertFalse(r.header("Content-Security-Policy").contains("unsafe"), r.header("Content-Security-Policy"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertEquals("strict-origin-when-cross-origin", r.header("Referrer-Policy"));
        String permissions = r.header("Permissions-Policy");
        assertNotNull(permissions);
        assertTrue(permissions.contains("camera=()") && permissions.contains("microphone=()")
                && permissions.contains("geolocation=()"), permissions);
        assertNull(r.header("Strict-Transport-Security"), "plain HTTP without a TLS proxy gets no HSTS");
    }

    @Test
    void anApiAnswerCarriesEveryHeaderAndIsNeverStored() {
        Response r = RestAssured.get("/api/health");
        assertEquals(200, r.statusCode());
        assertSecurityHeaders(r);
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void errorsCarryEveryHeader() {
        Response unauthorized = RestAssured.get("/api/pmos/auth/me");
        assertEquals(401, unauthorized.statusCode());
        assertSecurityHeaders(unauthorized);
        Response apiNotFound = RestAssured.get("/api/pmos/no-such-thing");
        assertEquals(404, apiNotFound.statusCode());
        assertSecurityHeaders(apiNotFound);
        Response fileNotFound = RestAssured.get("/no-such-file.txt");
        assertEquals(404, fileNotFound.statusCode());
        assertSecurityHeaders(fileNotFound);
        Response tooLarge = given().contentType(ContentType.JSON).body("{\"email\":\"" + "a".repeat(40_000) + "\"}")
                .post("/api/pmos/auth/login");
        assertEquals(413, tooLarge.statusCode());
        assertSecurityHeaders(tooLarge);
        Response crossSite = given().header("Origin", "http://evil.example").post("/api/pmos/auth/logout");
        assertEquals(403, crossSite.statusCode());
        assertSecurityHeaders(crossSite);
    }

    @Test
    void theSpaAndItsDeepLinksAreRevalidatedOnEveryLoad() {
        for (String page : List.of("/", "/flows/123", "/invite/abc-token")) {
            Response r = RestAssured.get(page);
            assertEquals(200, r.statusCode(), page);
            assertTrue(r.contentType().startsWith("text/html"), page);
            assertSecurityHeaders(r);
            assertEquals("no-cache", r.header("Cache-Control"), page + " must not be kept past a deploy");
        }
    }

    @Test
    void onlyHashedAssetsAreImmutable() {
        Response asset = RestAssured.get(ASSET);
        assertEquals(200, asset.statusCode());
        assertSecurityHeaders(asset);
        assertEquals("public, max-age=31536000, immutable", asset.header("Cache-Control"));
        Response missing = RestAssured.get("/assets/index-Missing1.js");
        assertEquals(404, missing.statusCode());
        assertSecurityHeaders(missing);
        assertFalse(String.valueOf(missing.header("Cache-Control")).contains("immutable"),
                "a missing asset must not be cached for a year: " + missing.header("Cache-Control"));
    }

    @Test
    void aForwardedHttpsHeaderDoesNotCountUnlessPmosIsBehindAProxy() {
        Response r = given().header("X-Forwarded-Proto", "https").get("/api/health");
        assertEquals(200, r.statusCode());
        assertNull(r.header("Strict-Transport-Security"));
    }
}
