package dev.helloasync;

import static dev.helloasync.ChapterPages.HELLO_LENGTH;
import static dev.helloasync.ChapterPages.TEXT_HTML;
import static dev.helloasync.ChapterPages.assertHelloPage;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class HelloPageTest {

    @Test
    void rootServesTheChapterHelloPageByteForByte() {
        Response response = given().get("/");
        assertEquals(200, response.statusCode());
        assertEquals(TEXT_HTML, response.contentType());
        assertEquals(String.valueOf(HELLO_LENGTH), response.header("Content-Length"));
        assertHelloPage(response.asByteArray());
    }

    @Test
    void headOnRootAnswersLikeGetWithoutABody() {
        Response response = given().head("/");
        assertEquals(200, response.statusCode());
        assertEquals(TEXT_HTML, response.contentType());
        assertEquals(String.valueOf(HELLO_LENGTH), response.header("Content-Length"));
        assertEquals(0, response.asByteArray().length);
    }

    @Test
    void queryStringsDoNotChangeRouting() {
        Response response = given().get("/?x=1&seconds=abc");
        assertEquals(200, response.statusCode());
        assertHelloPage(response.asByteArray());
    }
}
