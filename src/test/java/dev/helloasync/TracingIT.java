package dev.helloasync;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same against the packaged application, its trace ids read from its JSON log lines. */
@QuarkusIntegrationTest
class TracingIT extends TracingTest {

    @Override
    protected Map<String, String> logLineIds(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode line : PackagedLog.lines()) {
                if (line.path("message").asText().contains(needle)) {
                    Map<String, String> ids = new HashMap<>();
                    line.path("mdc").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asText()));
                    return mdc(ids);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no JSON log line for " + needle + " in " + PackagedLog.FILE);
    }
}
