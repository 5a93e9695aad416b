package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class MethodNotAllowedTest {

    @ParameterizedTest
    @CsvSource({ "POST,/", "PUT,/", "DELETE,/", "PATCH,/", "OPTIONS,/",
            "POST,/sleep", "PUT,/sleep", "DELETE,/sleep", "PATCH,/sleep", "OPTIONS,/sleep" })
    void otherMethodsOnThePagesAre405WithAllow(String method, String path) {
        long start = System.nanoTime();
        Response response = given().request(method, path);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.header("Allow"));
        assertEquals("text/plain; charset=utf-8", response.contentType());
        assertEquals(1, response.asString().strip().lines().count(), "a one-line reason");
        assertTrue(millis < 2_000, "a refused /sleep does not sleep first (took " + millis + " ms)");
    }
}
