package dev.helloasync;

import static dev.helloasync.ChapterPages.NOT_FOUND_LENGTH;
import static dev.helloasync.ChapterPages.TEXT_HTML;
import static dev.helloasync.ChapterPages.assertNotFoundPage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class NotFoundTest {

    @ParameterizedTest
    @ValueSource(strings = { "/nope", "/sleep/", "/sleep/1", "/SLEEP", "/hello.html", "/pages/hello.html",
            "/index.html", "/nope?x=1", "/q/nope" })
    void everyOtherPathServesTheChapter404Page(String path) {
        Response response = given().urlEncodingEnabled(false).get(path);
        assertEquals(404, response.statusCode());
        assertEquals(TEXT_HTML, response.contentType());
        assertEquals(String.valueOf(NOT_FOUND_LENGTH), response.header("Content-Length"));
        assertNotFoundPage(response.asByteArray());
    }

    @Test
    void headOnAnUnknownPathIs404WithoutABody() {
        Response response = given().head("/nope");
        assertEquals(404, response.statusCode());
        assertEquals(String.valueOf(NOT_FOUND_LENGTH), response.header("Content-Length"));
        assertEquals(0, response.asByteArray().length);
    }

    @Test
    void theFallbackDoesNotShadowQuarkusEndpointsOnTheManagementPort() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
