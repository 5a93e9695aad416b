package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** hello.sleep.max-in-flight: the limit-th sleep waits, the next is refused at once; / never is. */
@QuarkusTest
@TestProfile(OverloadTest.FiveSleeps.class)
class OverloadTest {

    /** The packaged application's warm-up sends its own requests until readiness is UP: not during this test. */
    @BeforeEach
    void ready() throws InterruptedException {
        Management.awaitReady();
    }

    static final int LIMIT = 5;

    public static class FiveSleeps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hello.sleep.max-in-flight", String.valueOf(LIMIT));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void pastTheLimitSleepIs503AtOnceAndTheRootStill200() throws Exception {
        double rejectedBefore = gauge("hello_sleeps_rejected_total");
        double cancelledBefore = gauge("hello_sleeps_cancelled_total");
        List<Socket> sleepers = openSleeps(LIMIT, 10);
        try {
            awaitInFlight(LIMIT);

            long start = System.nanoTime();
            Response refused = given().get("/sleep?seconds=30");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, refused.statusCode());
            assertEquals("1", refused.header("Retry-After"));
            assertEquals("no-store", refused.header("Cache-Control"));
            assertTrue(refused.asString().contains("too many sleeps in flight (5)"), refused.asString());
            // At once: a refusal that waited for the sleep it refused would take 30 s; 10 s leaves a
            // loaded machine all the room it needs.
            assertTrue(millis < 10_000, "refused at once, took " + millis + " ms");
            assertEquals(rejectedBefore + 1, gauge("hello_sleeps_rejected_total"));

            given().get("/").then().statusCode(200);
            given().get("/sleep?seconds=0").then().statusCode(200);
        } finally {
            for (Socket s : sleepers) {
                s.close();
            }
        }
        // Clients that hang up free their places at once, not when their 10 s would be over, and are
        // counted as cancelled (client time-outs, told apart from server faults).
        awaitInFlight(0);
        assertEquals(cancelledBefore + LIMIT, gauge("hello_sleeps_cancelled_total"));
        given().get("/sleep?seconds=0.1").then().statusCode(200);
    }

    @Test
    void theLimitItselfIsAllowed() throws Exception {
        List<Socket> sleepers = openSleeps(LIMIT - 1, 10);
        try {
            awaitInFlight(LIMIT - 1);
            given().get("/sleep?seconds=0.2").then().statusCode(200);
        } finally {
            for (Socket s : sleepers) {
                s.close();
            }
        }
        awaitInFlight(0);
    }

    private List<Socket> openSleeps(int count, int seconds) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.getOutputStream().write(("GET /sleep?seconds=" + seconds + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(socket);
        }
        return sockets;
    }

    static void awaitInFlight(int expected) throws InterruptedException {
        double last = -1;
        for (int i = 0; i < 100; i++) {
            last = gauge("hello_sleeps_in_flight");
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("hello_sleeps_in_flight stayed " + last + ", expected " + expected);
    }

    static double gauge(String name) {
        Matcher m = Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(MetricsTest.scrape());
        if (!m.find()) {
            throw new AssertionError("no metric " + name);
        }
        return Double.parseDouble(m.group(2));
    }
}
