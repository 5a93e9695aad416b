package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The access log is off unless switched on: with only its format given (as a user who sets a pattern
 * but leaves quarkus.http.access-log.enabled alone), requests log nothing. When on and not written to
 * a file, each line goes to the logger io.quarkus.http.access-log at the end of its request, on the
 * event loop that served it; the test watches that logger.
 */
@QuarkusTest
@TestProfile(AccessLogOffTest.PatternButNotEnabled.class)
class AccessLogOffTest {

    static final String CATEGORY = "io.quarkus.http.access-log";

    public static class PatternButNotEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.access-log.pattern", "common",
                    "quarkus.vertx.event-loops-pool-size", "1");
        }
    }

    @BeforeEach
    void ready() throws InterruptedException {
        Management.awaitReady();
    }

    @Test
    void offByDefault() throws Exception {
        List<LogRecord> logged;
        try (LogCapture log = LogCapture.of(CATEGORY)) {
            double before = MetricsTest.count(MetricsTest.scrape(), "NOT_FOUND", "404");
            given().get("/").then().statusCode(200);
            given().get("/nope").then().statusCode(404);
            // The positive signal that every end-of-request handler has run: the request metrics
            // (recorded at the same point as the access log line) count the 404, and a later request
            // on the one event loop has been answered after it.
            for (int i = 0; i < 100 && MetricsTest.count(MetricsTest.scrape(), "NOT_FOUND", "404") < before + 1; i++) {
                Thread.sleep(20);
            }
            assertEquals(before + 1, MetricsTest.count(MetricsTest.scrape(), "NOT_FOUND", "404"), "the 404 was counted");
            given().get("/").then().statusCode(200);
            logged = log.records();
        }
        assertTrue(logged.isEmpty(), "access log records: " + logged.stream().map(LogRecord::getMessage).toList());
    }
}
