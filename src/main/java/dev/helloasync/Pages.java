package dev.helloasync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.inject.Singleton;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The chapter's two pages, read once at start-up and served from memory, each with its length and
 * a strong ETag computed once: the hot path does no I/O and no hashing.
 */
@Singleton
public class Pages {

    static final CharSequence TEXT_HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");

    /** A page body with its precomputed length and ETag; one Buffer is written to every response. */
    public record Page(Buffer body, CharSequence length, String etag) {

        static Page load(String resource) {
            try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing page resource " + resource);
                }
                byte[] bytes = in.readAllBytes();
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                return new Page(Buffer.buffer(bytes), HttpHeaders.createOptimized(Integer.toString(bytes.length)),
                        "\"" + digest.substring(0, 32) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read page resource " + resource, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Ends the response with this page; Vert.x leaves the body out for HEAD. */
        public void send(HttpServerResponse response, int status, CharSequence cacheControl) {
            response.setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_HTML)
                    .putHeader(HttpHeaders.CONTENT_LENGTH, length)
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .end(body);
        }

        /** Ends the response with 304 Not Modified: the client's copy is this page. */
        public void notModified(HttpServerResponse response, CharSequence cacheControl) {
            response.setStatusCode(304)
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .end();
        }

        /** If-None-Match names this page (weak comparison, as RFC 9110 asks for this header), or is "*". */
        public boolean matches(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.strip();
                if (candidate.startsWith("W/")) {
                    candidate = candidate.substring(2);
                }
                if (candidate.equals(etag) || candidate.equals("*")) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Page hello = Page.load("pages/hello.html");
    private final Page notFound = Page.load("pages/404.html");

    public Page hello() {
        return hello;
    }

    public Page notFound() {
        return notFound;
    }
}
