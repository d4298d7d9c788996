package io.pmos.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Deep links load the SPA; API and health paths never fall back to it. */
@QuarkusTest
class SpaRoutingTest {

    @Test
    void deepLinksServeTheSameIndexAsTheRoot() {
        String index = get("/").then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertEquals(index, get("/flows/123").then().statusCode(200).extract().asString());
        assertEquals(index, get("/invite/abc-token").then().statusCode(200).extract().asString());
        assertEquals(index, get("/admin").then().statusCode(200).extract().asString());
    }

    @Test
    void apiAndAssetsDoNotFallBack() {
        get("/api/pmos/unknown").then().statusCode(404).body("ok", equalTo(false));
        get("/assets/missing.js").then().statusCode(404);
        get("/q/health/live").then().statusCode(404); // health lives on the management port (ManagementPortTest)
    }
}
