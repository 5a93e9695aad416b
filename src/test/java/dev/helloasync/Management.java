package dev.helloasync;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface (health, metrics) as the tests reach it: in @QuarkusTest its test port
 * (9001 unless quarkus.management.test-port says otherwise); against the packaged application
 * (@QuarkusIntegrationTest, where Quarkus's launchers move only the HTTP port) the application's own
 * port, which failsafe passes as hello.it.management-port (the container's is published to it).
 */
final class Management {

    private Management() {
    }

    static int port() {
        String packaged = System.getProperty("hello.it.management-port");
        if (packaged != null) {
            return Integer.parseInt(packaged);
        }
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
