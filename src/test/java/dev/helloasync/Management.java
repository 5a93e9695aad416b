package dev.helloasync;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface (health, metrics) as the tests reach it: its test port (9001 unless
 * quarkus.management.test-port says otherwise), for @QuarkusTest and @QuarkusIntegrationTest alike.
 */
final class Management {

    private Management() {
    }

    static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
