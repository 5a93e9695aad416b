package dev.helloasync;

import static dev.helloasync.ChapterPages.HELLO_LENGTH;
import static dev.helloasync.ChapterPages.TEXT_HTML;
import static dev.helloasync.ChapterPages.assertHelloPage;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SleepTest {

    @Test
    void sleepWaitsTheConfiguredFiveSecondsThenServesTheHelloPage() {
        Timed timed = Timed.run(() -> given().get("/sleep"));
        assertEquals(200, timed.response.statusCode());
        assertEquals(TEXT_HTML, timed.response.contentType());
        assertEquals(String.valueOf(HELLO_LENGTH), timed.response.header("Content-Length"));
        assertHelloPage(timed.response.asByteArray());
        assertTrue(timed.millis >= 5_000 && timed.millis < 10_000, "waited " + timed.millis + " ms");
    }

    @Test
    void secondsOverridesTheWaitAndTakesFractions() {
        Timed timed = Timed.run(() -> given().get("/sleep?seconds=0.25"));
        assertEquals(200, timed.response.statusCode());
        assertHelloPage(timed.response.asByteArray());
        assertTrue(timed.millis >= 250 && timed.millis < 3_000, "waited " + timed.millis + " ms");
    }

    @Test
    void secondsZeroAnswersAtOnce() {
        Timed timed = Timed.run(() -> given().get("/sleep?seconds=0"));
        assertEquals(200, timed.response.statusCode());
        assertHelloPage(timed.response.asByteArray());
        assertTrue(timed.millis < 2_000, "waited " + timed.millis + " ms");
    }

    @Test
    void headOnSleepWaitsAndAnswersLikeGetWithoutABody() {
        Timed timed = Timed.run(() -> given().head("/sleep?seconds=1"));
        assertEquals(200, timed.response.statusCode());
        assertEquals(TEXT_HTML, timed.response.contentType());
        assertEquals(String.valueOf(HELLO_LENGTH), timed.response.header("Content-Length"));
        assertEquals(0, timed.response.asByteArray().length);
        assertTrue(timed.millis >= 1_000 && timed.millis < 5_000, "waited " + timed.millis + " ms");
    }

    record Timed(Response response, long millis) {
        static Timed run(Supplier<Response> request) {
            long start = System.nanoTime();
            Response response = request.get();
            response.asByteArray();
            return new Timed(response, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
