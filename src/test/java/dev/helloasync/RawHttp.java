package dev.helloasync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Sends bytes no well-behaved HTTP client would send, and reads the status code that comes back. */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code request} as is to the server behind {@code base}; returns everything it answered
     * until it closed the connection. A server that answers an error and closes before it has read
     * the whole request (a 413 while the body is still arriving) makes the kernel send a reset
     * after the answer; the bytes that arrived before the reset are the answer, so they are kept
     * (readAllBytes would drop them).
     */
    static String exchange(URI base, String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) != -1;) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads one response with a Content-Length body off a kept-alive connection. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        int length = head.toString().lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring("content-length:".length()).strip()))
                .findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** A GET of {@code target} that closes the connection after the answer. */
    static int get(URI base, String target) throws IOException {
        String response = exchange(base, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }
}
