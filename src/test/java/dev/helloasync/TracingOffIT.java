package dev.helloasync;

import java.util.List;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same against the packaged application: its whole JSON log, start-up included, has nothing at
 * WARN or above. (A container reaches no port of the host's loopback: there the connection check
 * holds trivially, and the log check carries the test.)
 */
@QuarkusIntegrationTest
class TracingOffIT extends TracingOffTest {

    @Override
    protected List<String> warnings(LogCapture log) {
        return PackagedLog.lines().stream()
                .filter(line -> List.of("WARN", "WARNING", "ERROR", "FATAL").contains(line.path("level").asText()))
                .map(line -> line.path("level").asText() + " " + line.path("message").asText()).toList();
    }
}
