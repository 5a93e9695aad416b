package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SmallRye Health answers the three probes Kubernetes uses on the management port, and not on the
 * public one; readiness going DOWN is GracefulDrainIT's.
 */
@QuarkusTest
class HealthTest {

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/health/started", "/q/health" })
    void healthEndpointsAreUpOnTheManagementPort(String path) throws InterruptedException {
        Management.awaitReady();
        Management.given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/health/started", "/q/health", "/q/metrics" })
    void healthAndMetricsAreThe404PageOnThePublicPort(String path) {
        byte[] body = given().get(path).then().statusCode(404).extract().asByteArray();
        ChapterPages.assertNotFoundPage(body);
    }
}
