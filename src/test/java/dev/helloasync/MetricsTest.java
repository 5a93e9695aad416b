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

    @Test
    void requestsAreCountedByRouteMethodAndStatus() {
        given().get("/").then().statusCode(200);
        given().get("/sleep?seconds=0").then().statusCode(200);
        given().get("/sleep?seconds=x").then().statusCode(400);
        String metrics = scrape();
        assertTrue(Pattern.compile("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\"[^}]*uri=\"root\"")
                .matcher(metrics).find(), metrics);
        assertTrue(metrics.contains("uri=\"/sleep\""), "the /sleep route has its own series");
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
