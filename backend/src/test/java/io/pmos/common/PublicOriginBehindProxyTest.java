package io.pmos.common;

import io.pmos.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PMOS behind a TLS proxy with PMOS_PUBLIC_URL and PMOS_ALLOWED_ORIGINS set: only those origins count (not the
 * address the request happened to reach), and HSTS is sent when the proxy says the browser used https.
 */
@QuarkusTest
@TestProfile(PublicOriginBehindProxyTest.BehindProxy.class)
class PublicOriginBehindProxyTest {

    static final String PUBLIC = "https://pmos.example.com";

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "pmos.public-url", PUBLIC + "/",
                    "pmos.allowed-origins", "https://admin.example.com, http://localhost:5173");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void strictTransportSecurityOnlyWhenTheProxySaysHttps() {
        for (String path : List.of("/api/health", "/flows/1", "/api/pmos/auth/me")) {
            Response tls = given().header("X-Forwarded-Proto", "https").get(path);
            assertEquals("max-age=31536000", tls.header("Strict-Transport-Security"), path);
            Response plain = given().header("X-Forwarded-Proto", "http").get(path);
            assertNull(plain.header("Strict-Transport-Security"), path);
        }
        assertNull(RestAssured.get("/api/health").header("Strict-Transport-Security"));
    }

    @Test
    void theLiveSocketOfThePublicAddressIsAllowedByTheContentSecurityPolicy() {
        Map<String, List<String>> csp = SecurityHeadersTest.csp(given().header("X-Forwarded-Proto", "https").get("/"));
        assertTrue(csp.get("connect-src").containsAll(List.of("'self'", "wss://pmos.example.com")), csp.toString());
    }

    @Test
    void onlyTheConfiguredOriginsMayWrite() {
        for (String allowed : List.of(PUBLIC, "https://PMOS.example.com:443", "https://admin.example.com", "http://localhost:5173")) {
            given().header("Origin", allowed).post("/api/pmos/auth/logout").then().statusCode(200);
        }
        for (String refused : List.of("http://localhost:" + RestAssured.port, "http://pmos.example.com",
                "https://pmos.example.com:8443", "https://evil.example", "null")) {
            CrossSiteRequestTest.assertRefused(given().header("Origin", refused).post("/api/pmos/auth/logout"));
        }
    }

    @Test
    void onlyTheConfiguredOriginsMayOpenTheLiveSocket() throws Exception {
        TestSupport.resetDatabase();
        String cookie = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        WebSocketOriginTest.assertUpgradeWorks(WebSocketOriginTest.open(base, cookie, PUBLIC, "same-origin"));
        WebSocketOriginTest.assertUpgradeRefused(WebSocketOriginTest.open(base, cookie, "http://localhost:" + base.getPort(), null),
                "the address reached, which is not the public one");
    }
}
