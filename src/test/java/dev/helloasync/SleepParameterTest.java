package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Bad {@code seconds} values are a client mistake: 400 at once, with a one-line plain-text reason. */
@QuarkusTest
class SleepParameterTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = { "seconds=-1", "seconds=-0.5", "seconds=31", "seconds=30.001", "seconds=1e3",
            "seconds=abc", "seconds=", "seconds", "seconds=NaN", "seconds=Infinity", "seconds=0x10",
            "seconds=1,5", "seconds=%201", "seconds=1&seconds=2", "seconds=99999999999999999999999" })
    void badSecondsAre400WithAOneLineReason(String query) {
        long start = System.nanoTime();
        Response response = given().urlEncodingEnabled(false).get("/sleep?" + query);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(400, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.contentType());
        String reason = response.asString();
        assertTrue(reason.endsWith("\n") && reason.strip().lines().count() == 1, "one line: " + reason);
        assertTrue(reason.contains("seconds"), "names the parameter: " + reason);
        assertFalse(reason.contains("Exception"), "no stack trace: " + reason);
        assertTrue(millis < 2_000, "answered at once, took " + millis + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = { "seconds=%zz", "seconds=%" })
    void undecodableQueriesAre400Not500(String query) throws IOException {
        assertEquals(400, RawHttp.get(base, "/sleep?" + query));
    }
}
