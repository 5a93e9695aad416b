package dev.helloasync;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With a warm-up, readiness turns UP only once the service has sent itself its requests through its
 * own server: they are in the request metrics of a fresh application, page, sleep and 404 alike.
 */
@QuarkusTest
@TestProfile(WarmUpReadinessTest.Profile.class)
class WarmUpReadinessTest {

    static final int REQUESTS = 400;
    private static final Pattern COUNT = Pattern.compile(
            "^http_server_requests_seconds_count\\{([^}]*)\\} ([0-9.E]+)$", Pattern.MULTILINE);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hello.warm-up.requests", Integer.toString(REQUESTS), "hello.warm-up.timeout", "60s");
        }
    }

    @Test
    void readinessWaitsForTheWarmUpsRequestsToBeServed() throws InterruptedException {
        Management.awaitReady();
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data.answered", equalTo(REQUESTS));
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        // 400 requests: 100 each of GET / (close), /sleep?seconds=0.001, /warm-up (404), and a
        // kept-alive pair: a 304 for GET / and a HEAD /.
        assertTrue(count(metrics, "root", "200") >= 200, metrics);
        assertTrue(count(metrics, "root", "304") >= 100, metrics);
        assertTrue(count(metrics, "/sleep", "200") >= 100, metrics);
        assertEquals(REQUESTS / 4, count(metrics, "NOT_FOUND", "404"), "the warm-up's 404s, and nothing else's");
    }

    static double count(String metrics, String uri, String status) {
        double sum = 0;
        Matcher m = COUNT.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("uri=\"" + uri + "\"") && m.group(1).contains("status=\"" + status + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
