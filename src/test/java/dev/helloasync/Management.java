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

    /**
     * Waits until readiness is UP (at most 30 s): the packaged application warms up after it starts
     * listening (hello.warm-up.requests) and reports ready only then.
     */
    static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = given().get("/q/health/ready").statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("readiness not UP within 30 s (last status " + status + ")");
    }

    static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
