package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Caching, security headers and what the prod server does not show. */
@QuarkusTest
class HttpHygieneTest {

    @Test
    void rootHasAStrongETagAndIfNoneMatchGives304() {
        Response page = given().get("/");
        String etag = page.header("ETag");
        assertTrue(etag != null && etag.matches("\"[0-9a-f]{32}\""), "a strong ETag: " + etag);

        Response cached = given().header("If-None-Match", etag).get("/");
        assertEquals(304, cached.statusCode());
        assertEquals(etag, cached.header("ETag"));
        assertEquals(0, cached.asByteArray().length);
        assertEquals(page.header("Cache-Control"), cached.header("Cache-Control"));

        assertEquals(304, given().header("If-None-Match", "\"other\", W/" + etag).get("/").statusCode());
        assertEquals(304, given().header("If-None-Match", "*").get("/").statusCode());
        assertEquals(200, given().header("If-None-Match", "\"other\"").get("/").statusCode());
    }

    @Test
    void theETagIsTheSameOnEveryResponseAndDiffersBetweenPages() {
        String first = given().get("/").header("ETag");
        assertEquals(first, given().get("/").header("ETag"));
        assertEquals(first, given().get("/sleep?seconds=0").header("ETag"));
        String notFound = given().get("/nope").header("ETag");
        assertTrue(notFound != null && !notFound.equals(first));
    }

    @ParameterizedTest
    @CsvSource({ "/,'public, max-age=300'", "/sleep?seconds=0,no-store", "/nope,no-store", "/sleep?seconds=x,no-store" })
    void cacheControlFitsEachAnswer(String path, String cacheControl) {
        assertEquals(cacheControl, given().urlEncodingEnabled(false).get(path).header("Cache-Control"));
    }

    @Test
    void sleepIsNeverAnsweredWith304() {
        String etag = given().get("/").header("ETag");
        assertEquals(200, given().header("If-None-Match", etag).get("/sleep?seconds=0").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/sleep?seconds=0", "/nope", "/sleep?seconds=x", "/q/metrics" })
    void securityHeadersOnEveryAnswer(String path) {
        Response response = given().urlEncodingEnabled(false).get(path);
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("default-src 'none'", response.header("Content-Security-Policy"));
        assertEquals("no-referrer", response.header("Referrer-Policy"));
        assertNull(response.header("Server"), "no Server header");
    }

    @Test
    void securityHeadersOn405() {
        Response response = given().post("/");
        assertEquals(405, response.statusCode());
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("no-store", response.header("Cache-Control"));
    }
}
