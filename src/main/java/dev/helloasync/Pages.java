package dev.helloasync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The chapter's two pages, read once at start-up and served from memory: the hot path does no I/O.
 */
@Singleton
public class Pages {

    static final CharSequence TEXT_HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");

    /** A page body with its precomputed length; one Buffer is written to every response. */
    public record Page(Buffer body, CharSequence length) {

        static Page load(String resource) {
            try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing page resource " + resource);
                }
                byte[] bytes = in.readAllBytes();
                return new Page(Buffer.buffer(bytes), HttpHeaders.createOptimized(Integer.toString(bytes.length)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read page resource " + resource, e);
            }
        }

        /** Ends the response with this page; Vert.x leaves the body out for HEAD. */
        public void send(HttpServerResponse response, int status) {
            response.setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_HTML)
                    .putHeader(HttpHeaders.CONTENT_LENGTH, length)
                    .end(body);
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
