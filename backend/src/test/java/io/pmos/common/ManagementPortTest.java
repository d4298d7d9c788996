package io.pmos.common;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Health and metrics answer on the management port only; the public port keeps /api/health alone. */
@QuarkusTest
class ManagementPortTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void metricsAndHealthAreNotOnThePublicPort() {
        for (String path : new String[]{"/q/metrics", "/q/health", "/q/health/live", "/q/health/ready"}) {
            RestAssured.get(path).then().statusCode(404);
        }
        RestAssured.get("/api/health").then().statusCode(200).body("ok", equalTo(true)).body("version", notNullValue());
    }

    @Test
    void theManagementPortServesMetricsAndHealth() {
        assertNotEquals(RestAssured.port, management.getPort(), "management must be a port of its own");
        String base = "http://localhost:" + management.getPort();
        RestAssured.get(base + "/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        RestAssured.get(base + "/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get(base + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database-migrations' }.status", equalTo("UP"));
    }
}
