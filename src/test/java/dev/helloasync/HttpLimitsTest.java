package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The server's limits, met with a raw socket the way a broken or hostile client would: each answers
 * with its 4xx, or closes the connection, and none with a 5xx.
 */
@QuarkusTest
@TestProfile(HttpLimitsTest.OneSecondHeaderTimeout.class)
class HttpLimitsTest {

    /** The packaged application's warm-up sends its own requests until readiness is UP: not during this test. */
    @BeforeEach
    void ready() throws InterruptedException {
        Management.awaitReady();
    }

    static final long HEADER_TIMEOUT_MILLIS = 1_000;
    /** Far from the header timeout, so the bounds below tell one from the other with seconds to spare. */
    static final long IDLE_TIMEOUT_MILLIS = 8_000;

    /** Short timeouts, and sleeps that outlast the header timeout but not the idle timeout. */
    public static class OneSecondHeaderTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hello.http.header-timeout", HEADER_TIMEOUT_MILLIS + "ms",
                    "quarkus.http.idle-timeout", IDLE_TIMEOUT_MILLIS + "ms",
                    "hello.sleep.max", "3s",
                    "hello.sleep.duration", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private String exchange(String request) throws IOException {
        return RawHttp.exchange(base, request);
    }

    static int status(String response) {
        assertTrue(response.matches("(?s)HTTP/1\\.[01] \\d{3} .*"), "an HTTP response: " + response);
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void aRequestLineOverFourKibIs414() throws IOException {
        String target = "/?" + "x".repeat(5000);
        assertEquals(414, status(exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")));
    }

    @Test
    void headersOverEightKibAre431() throws IOException {
        String big = "X-Big: " + "y".repeat(9000) + "\r\n";
        assertEquals(431, status(exchange("GET / HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n")));
    }

    @Test
    void aBodyOverOneKibIs413() throws IOException {
        String body = "z".repeat(2000);
        assertEquals(413, status(exchange("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body)));
    }

    @Test
    void aSmallBodyOnGetIsIgnored() throws IOException {
        assertEquals(200, status(exchange("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")));
    }

    @Test
    void malformedRequestLinesAre400() throws IOException {
        assertEquals(400, status(exchange("HELLO\r\n\r\n")));
        assertEquals(400, status(exchange("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")));
        assertEquals(400, status(exchange("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")));
    }

    @Test
    void aClientThatSendsNothingIsDisconnected() throws IOException {
        long start = System.nanoTime(); // before the connection exists: the server's deadline cannot start sooner
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            assertClosedAfterAbout(start, socket.getInputStream(), HEADER_TIMEOUT_MILLIS);
        }
    }

    @Test
    void aClientSendingHeadersTooSlowlyIsDisconnected() throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertClosedAfterAbout(start, socket.getInputStream(), HEADER_TIMEOUT_MILLIS);
        }
    }

    @Test
    void aClientTricklingItsHeadersIsDisconnectedAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            Thread trickle = trickle(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(500));
            assertClosedAfterAbout(start, socket.getInputStream(), HEADER_TIMEOUT_MILLIS);
            trickle.interrupt();
        }
    }

    @Test
    void aLaterRequestTrickledOnAKeptAliveConnectionIsDisconnectedAtTheDeadline() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertEquals(200, status(RawHttp.readResponse(in)));
            Thread.sleep(2 * HEADER_TIMEOUT_MILLIS); // idle between requests: no deadline runs
            long start = System.nanoTime(); // before the first byte: the deadline runs from it
            Thread trickle = trickle(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(500));
            assertClosedAfterAbout(start, in, HEADER_TIMEOUT_MILLIS);
            trickle.interrupt();
        }
    }

    /**
     * The connection's first head was due 1 s after it opened; the second head begins 0.6 s in and ends
     * 1.2 s in, past that first deadline but well within its own (1.6 s): the server must time each
     * head from its own first byte, not from an earlier head's.
     */
    @Test
    void aLaterHeadIsTimedFromItsOwnFirstByteNotAnEarlierOnes() throws Exception {
        long start = System.nanoTime(); // before the connection exists: the first head's deadline runs from after this
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, status(RawHttp.readResponse(in)));
            Thread.sleep(Math.max(0, 600 - (System.nanoTime() - start) / 1_000_000));
            for (String part : new String[] {"GET / HTTP/1.1\r\n", "Host: localhost\r\n", "\r\n"}) {
                if (!part.startsWith("GET")) {
                    Thread.sleep(300);
                }
                out.write(part.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            long sent = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, status(RawHttp.readResponse(in)), "a head completed " + sent + " ms after the connection opened");
        }
    }

    /** As above, but the second head never ends: it is cut 1 s after its own first byte. */
    @Test
    void aLaterHeadTrickledWhileAnEarlierDeadlineRunsIsCutAtItsOwn() throws Exception {
        long open = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertEquals(200, status(RawHttp.readResponse(in)));
            Thread.sleep(Math.max(0, 600 - (System.nanoTime() - open) / 1_000_000));
            long start = System.nanoTime(); // before the first byte: the deadline runs from it
            Thread trickle = trickle(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(500));
            assertClosedAfterAbout(start, in, HEADER_TIMEOUT_MILLIS);
            trickle.interrupt();
        }
    }

    /** Writes one byte every 100 ms (a slowloris client) until the server closes or the text ends. */
    private static Thread trickle(Socket socket, String text) {
        Thread thread = new Thread(() -> {
            try {
                for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                    socket.getOutputStream().write(b);
                    socket.getOutputStream().flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException closed) {
                // the server cut it, or the test is over
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            long start = System.nanoTime(); // the idle timer restarts with the answer, after this
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertEquals(200, status(RawHttp.readResponse(in)));
            assertClosedAfterAbout(start, in, IDLE_TIMEOUT_MILLIS);
        }
    }

    @Test
    void aKeptAliveConnectionOutlivesTheHeaderTimeout() throws IOException, InterruptedException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            socket.getOutputStream().write(request);
            assertEquals(200, status(RawHttp.readResponse(socket.getInputStream())));
            Thread.sleep(2 * HEADER_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            assertEquals(200, status(RawHttp.readResponse(socket.getInputStream())));
        }
    }

    @Test
    void aSleepLongerThanTheHeaderTimeoutIsNotCut() throws IOException {
        String response = exchange("GET /sleep?seconds=3 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, status(response));
        assertTrue(response.endsWith("</html>"), "the whole page");
    }

    /**
     * The server closes the connection {@code expected} ms or more after {@code start} (taken before
     * whatever starts the server's timer, so a descheduled client cannot make it look early; 50 ms
     * for timer granularity), and within 3 s more (the other timer here is seconds away: a 1 s
     * deadline against an 8 s idle timeout).
     */
    private static void assertClosedAfterAbout(long start, InputStream in, long expected) throws IOException {
        long millis = millisUntilClosed(start, in);
        assertTrue(millis >= expected - 50 && millis < expected + 3_000, "closed after " + millis + " ms");
    }

    /** Reads until the server closes the connection; returns how long after {@code start} that was. */
    private static long millisUntilClosed(long start, InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // discard
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
