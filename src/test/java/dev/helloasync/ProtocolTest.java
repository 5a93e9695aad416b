package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every answer is HTTP/1.x whatever the request said, no client byte comes back in a status line or
 * header, and every error has the house style: a one-line plain-text body, no-store, the security
 * headers, and Connection: close when the request was not understood. Each request goes on a new
 * connection, so each is the first the connection carries (the guard must be there from its first
 * byte). scripts/reliability/hostile.py sends thousands more, checked by h11.
 */
@QuarkusTest
class ProtocolTest {

    @TestHTTPResource("/")
    URI base;

    private Answer send(String request) throws IOException {
        return Answer.parse(RawHttp.exchange(base, request));
    }

    /** Asserts the style every error shares; the connection was closed (exchange read to the end). */
    private static void assertRefused(Answer answer, int status) {
        assertEquals("HTTP/1.1 " + status, answer.statusLine().substring(0, 12), answer.raw());
        assertEquals("close", answer.header("connection"), answer.raw());
        assertHouseStyle(answer);
    }

    static void assertHouseStyle(Answer answer) {
        assertEquals("text/plain; charset=utf-8", answer.header("content-type"), answer.raw());
        assertEquals("no-store", answer.header("cache-control"), answer.raw());
        assertEquals("nosniff", answer.header("x-content-type-options"), answer.raw());
        assertEquals("default-src 'none'", answer.header("content-security-policy"), answer.raw());
        assertEquals("no-referrer", answer.header("referrer-policy"), answer.raw());
        assertTrue(answer.body().matches("\\d{3} [A-Za-z -]+: [^\\n]+\\n"), "one line naming the status: " + answer.raw());
        assertTrue(answer.body().startsWith(answer.statusLine().substring(9, 12) + " "), answer.raw());
    }

    @Test
    void anUnknownHttpVersionIs505InHttp11() throws IOException {
        for (String version : new String[] {"HTTP/9.9", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2"}) {
            Answer answer = send("GET / " + version + "\r\nHost: localhost\r\n\r\n");
            assertRefused(answer, 505);
            assertFalse(answer.raw().contains(version), "the version is not echoed: " + answer.raw());
        }
    }

    @Test
    void aGarbageVersionIs400AndNeverEchoed() throws IOException {
        for (String version : new String[] {"FOO/1.1", "HTTP/\u00e9\u00ff", "HTTP/1.1.1", "\u00e2\u0098\u0083/1.1"}) {
            Answer answer = send("GET / " + version + "\r\nHost: localhost\r\n\r\n");
            assertRefused(answer, 400);
            assertFalse(answer.raw().contains(version), "the version is not echoed: " + answer.raw());
        }
    }

    @Test
    void aGarbageVersionWithTooLargeHeadersIsStill431InHttp11() throws IOException {
        Answer answer = send("GET / FOO/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
        assertRefused(answer, 431);
        assertFalse(answer.raw().contains("FOO"), answer.raw());
    }

    @Test
    void theHttp2PrefaceGets505AndAClose() throws IOException {
        assertRefused(send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 505);
    }

    @Test
    void anHttp09RequestLineIs400() throws IOException {
        assertRefused(send("GET /\r\n\r\n"), 400);
    }

    @Test
    void anHttp10RequestIsAnsweredInHttp10() throws IOException {
        Answer answer = send("GET / HTTP/1.0\r\n\r\n");
        assertEquals("HTTP/1.0 200 OK", answer.statusLine());
    }

    @Test
    void anHttp11RequestWithoutExactlyOneValidHostIs400() throws IOException {
        assertRefused(send("GET / HTTP/1.1\r\n\r\n"), 400);
        assertRefused(send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
        assertRefused(send("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"), 400);
    }

    @Test
    void aTargetThatIsNotAPathIs400() throws IOException {
        for (String target : new String[] {"*", "/\\..\\windows", "/%zz", "/a#fragment", "/\u00e9"}) {
            assertRefused(send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
        }
    }

    /** java.net.URI, which Quarkus parses the target with, reads "//" as an authority that is missing. */
    @Test
    void aDoubleSlashTargetIs400InHouseStyleAndLongerOnesAreRouted() throws IOException {
        assertRefused(send("GET // HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
        assertEquals("HTTP/1.1 404 Not Found", send("GET //a HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").statusLine());
    }

    @Test
    void anAbsoluteFormTargetIsServed() throws IOException {
        assertEquals("HTTP/1.1 200 OK", send("GET http://localhost/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").statusLine());
    }

    @Test
    void aTransferEncodingOtherThanChunkedIs400() throws IOException {
        assertRefused(send("GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"), 400);
    }

    @Test
    void contentLengthWithTransferEncodingIs400() throws IOException {
        assertRefused(send("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413InHouseStyle() throws IOException {
        assertRefused(send("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n"), 413);
    }

    @Test
    void decoderErrorsAre414And431InHouseStyle() throws IOException {
        assertRefused(send("GET /?" + "x".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
        assertRefused(send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"), 431);
    }

    @Test
    void aRefusedHeadRequestGetsNoBody() throws IOException {
        Answer answer = send("HEAD / HTTP/1.1\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", answer.statusLine());
        assertEquals("", answer.body());
        assertTrue(Integer.parseInt(answer.header("content-length")) > 0, answer.raw());
    }

    @Test
    void aBadPipelinedRequestIsAnsweredAfterTheGoodOnesBeforeIt() throws IOException {
        String raw = RawHttp.exchange(base, "GET /sleep?seconds=0.3 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET / HTTP/9.9\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 200 OK"), raw);
        int pageEnd = raw.indexOf("</html>");
        int refusal = raw.indexOf("HTTP/1.1 505 ");
        assertTrue(pageEnd > 0, "the whole 200 page: " + raw);
        assertTrue(refusal > pageEnd, "the 505 follows the whole 200: " + raw);
        assertEquals(2, raw.split("HTTP/1\\.1 \\d{3} ").length - 1, "nothing is answered after the refusal: " + raw);
    }

    @Test
    void aMalformedChunkedBodyStillGetsItsAnswerThenTheConnectionCloses() throws IOException {
        // The head is valid and Vert.x answers it; the body that follows in the same packet is not
        // well-formed chunked encoding: the answer must still reach the client before the close.
        String raw = RawHttp.exchange(base, "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 200 OK"), "answered: " + raw);
        assertTrue(raw.endsWith("</html>"), "the whole page, nothing after it: " + raw);
    }

    @Test
    void nothingAfterAConnectionCloseRequestIsAnswered() throws IOException {
        String raw = RawHttp.exchange(base, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                + "GET / HTTP/9.9\r\n\r\n");
        assertEquals(1, raw.split("HTTP/1\\.1 \\d{3} ").length - 1, raw);
    }

    @Test
    void aRouteErrorHasTheHouseStyleToo() throws IOException {
        Answer answer = send("DELETE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 405 Method Not Allowed", answer.statusLine());
        assertHouseStyle(answer);
        Answer badSleep = send("GET /sleep?seconds=-1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", badSleep.statusLine());
        assertHouseStyle(badSleep);
    }
}
