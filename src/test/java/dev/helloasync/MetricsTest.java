package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Prometheus metrics at /q/metrics on the management port, with a label set that stays bounded whatever clients send. */
@QuarkusTest
class MetricsTest {

    /** The packaged application's warm-up sends its own requests until readiness is UP: not during this test. */
    @BeforeEach
    void ready() throws InterruptedException {
        Management.awaitReady();
    }

    static final Pattern URI = Pattern.compile("^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"", Pattern.MULTILINE);

    static String scrape() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static Set<String> uris(String metrics) {
        Matcher m = URI.matcher(metrics);
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }

    /** The sum of http_server_requests_seconds_count over the series with this uri and status (0 if none). */
    static double count(String metrics, String uri, String status) {
        Matcher m = Pattern.compile("^http_server_requests_seconds_count\\{([^}]*)\\} ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("uri=\"" + uri + "\"") && labels.contains("status=\"" + status + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void requestsAreCountedByRouteMethodAndStatus() {
        String before = scrape();
        for (int i = 0; i < 3; i++) {
            given().get("/").then().statusCode(200);
        }
        for (int i = 0; i < 2; i++) {
            given().get("/sleep?seconds=0").then().statusCode(200);
        }
        given().get("/sleep?seconds=x").then().statusCode(400);
        // Exactly these requests, each in the series of its route and status (recorded as each answer
        // ends: waited for, up to 2 s, then compared exactly).
        String after = scrape();
        for (int i = 0; i < 100 && count(after, "/sleep", "400") < count(before, "/sleep", "400") + 1; i++) {
            after = scrape();
        }
        assertEquals(count(before, "root", "200") + 3, count(after, "root", "200"), "GET / 200");
        assertEquals(count(before, "/sleep", "200") + 2, count(after, "/sleep", "200"), "GET /sleep 200");
        assertEquals(count(before, "/sleep", "400") + 1, count(after, "/sleep", "400"), "GET /sleep 400");
        assertTrue(Pattern.compile("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*outcome=\"CLIENT_ERROR\"[^}]*status=\"400\"[^}]*uri=\"/sleep\"")
                .matcher(after).find(), "the 400 series: " + after);
    }

    @Test
    void athousandUnknownPathsAreOneNotFoundSeries() {
        Set<String> before = uris(scrape());
        String run = UUID.randomUUID().toString();
        IntStream.range(0, 1000).forEach(i -> given().get("/" + run + "/" + i).then().statusCode(404));
        Set<String> uris = uris(scrape());
        assertTrue(uris.contains("NOT_FOUND"), "unknown paths count as NOT_FOUND: " + uris);
        // Other test classes leave their series behind: only what these 1000 requests added counts.
        Set<String> added = new java.util.HashSet<>(uris);
        added.removeAll(before);
        assertTrue(added.size() <= 1, "1000 unknown paths added at most the NOT_FOUND series, got " + added);
        assertEquals(Set.of(), uris.stream().filter(u -> u.contains(run)).collect(Collectors.toSet()));
    }

    @Test
    void sleepsInFlightAndRejectedAreExported() {
        String metrics = scrape();
        assertTrue(metrics.contains("hello_sleeps_in_flight "), "gauge hello_sleeps_in_flight");
        assertTrue(metrics.contains("hello_sleeps_rejected_total "), "counter hello_sleeps_rejected_total");
        assertTrue(metrics.contains("hello_sleeps_cancelled_total "), "counter hello_sleeps_cancelled_total");
    }
}
