package dev.helloasync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * What the manifests must agree with, read from the build itself: src/main/resources'
 * application.properties (prod values win) and the project version Maven passes to the tests.
 */
/** What the manifests must agree with, read from application.properties; warmUp is the longest readiness waits for the warm-up. */
record AppFacts(int httpPort, int managementPort, Duration shutdownBudget, Duration longestSleep, Duration warmUp, String image) {

    static AppFacts fromBuild() {
        return from(buildProperties(), System.getProperty("project.version"));
    }

    /** The OTLP protocol the exporter speaks unless a Deployment says otherwise (Quarkus's default: grpc). */
    static String otlpProtocol() {
        return prop(buildProperties(), "quarkus.otel.exporter.otlp.protocol", "grpc");
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = AppFacts.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static AppFacts from(Properties properties, String version) {
        if (version == null) {
            throw new IllegalStateException("run the tests through Maven: it passes -Dproject.version");
        }
        int port = Integer.parseInt(prop(properties, "quarkus.http.port", "8080"));
        int management = Boolean.parseBoolean(prop(properties, "quarkus.management.enabled", "false"))
                ? Integer.parseInt(prop(properties, "quarkus.management.port", "9000"))
                : port;
        Duration delay = Boolean.parseBoolean(prop(properties, "quarkus.shutdown.delay-enabled", "false"))
                ? duration(prop(properties, "quarkus.shutdown.delay", "0s"))
                : Duration.ZERO;
        Duration budget = delay.plus(duration(prop(properties, "quarkus.shutdown.timeout", "0s")));
        Duration longestSleep = duration(prop(properties, "hello.sleep.max", "30s"));
        Duration warmUp = Integer.parseInt(prop(properties, "hello.warm-up.requests", "1000")) > 0
                ? duration(prop(properties, "hello.warm-up.timeout", "20s"))
                : Duration.ZERO;

        StringBuilder image = new StringBuilder();
        String registry = prop(properties, "quarkus.container-image.registry", "");
        String group = prop(properties, "quarkus.container-image.group", "");
        if (!registry.isEmpty()) {
            image.append(registry).append('/');
        }
        if (!group.isEmpty()) {
            image.append(group).append('/');
        }
        image.append(prop(properties, "quarkus.container-image.name", "hello-async"))
                .append(':').append(prop(properties, "quarkus.container-image.tag", version));
        return new AppFacts(port, management, budget, longestSleep, warmUp, image.toString());
    }

    private static String prop(Properties properties, String key, String fallback) {
        return properties.getProperty("%prod." + key, properties.getProperty(key, fallback)).strip();
    }

    private static Duration duration(String value) {
        return DurationConverter.parseDuration(value);
    }
}
