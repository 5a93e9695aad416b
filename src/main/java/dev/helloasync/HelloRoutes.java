package dev.helloasync;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP surface: {@code /} and {@code /sleep} answer the hello page, everything else the 404 page.
 * Every handler runs on the event loop and returns at once.
 */
@ApplicationScoped
public class HelloRoutes {

    static final String ALLOWED = "GET, HEAD";
    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    /** A delay, an error or a 404 must never be served from a cache. */
    static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    void install(@Observes Router router, Pages pages, SleepGate gate, HelloConfig config) {
        CharSequence pageCaching = HttpHeaders.createOptimized("public, max-age=" + config.page().maxAge().toSeconds());
        CharSequence retryAfter = HttpHeaders.createOptimized(Long.toString(retryAfterSeconds(config.sleep().retryAfter())));

        router.route("/").handler(ctx -> {
            if (!exact(ctx, "/") || !allowed(ctx)) {
                return;
            }
            if (pages.hello().matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                pages.hello().notModified(ctx.response(), pageCaching);
            } else {
                pages.hello().send(ctx.response(), 200, pageCaching);
            }
        });

        router.route("/sleep").handler(ctx -> {
            if (!exact(ctx, "/sleep") || !allowed(ctx)) {
                return;
            }
            Duration wait;
            try {
                wait = gate.waitFor(ctx.queryParam("seconds"));
            } catch (SleepGate.BadSleep e) {
                plain(ctx.response(), 400, "400 Bad Request: " + e.getMessage());
                return;
            }
            HttpServerResponse response = ctx.response();
            boolean started = gate.sleep(wait, response, () -> {
                if (!response.closed()) {
                    pages.hello().send(response, 200, NO_STORE);
                }
            });
            if (!started) {
                response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
                plain(response, 503, "503 Service Unavailable: too many sleeps in flight (" + gate.maxInFlight() + "); retry shortly");
            }
        });

        // Last of all routes, so that Quarkus's own endpoints under /q/ still match before it. Its name
        // is what metrics and traces see as its route: every unknown path is one span name, "GET /*"
        // (unnamed, a span would take the name of the last route with a path the request passed, the
        // security headers' filter).
        router.route().last().setName("/*").handler(ctx -> pages.notFound().send(ctx.response(), 404, NO_STORE));
    }

    /** Retry-After takes whole seconds: the configured wait rounded up, at least 1. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /**
     * Vert.x also matches a route with a trailing slash ({@code /sleep/}); the chapter's server does
     * not, so neither do we: anything but the exact path goes on to the 404 page.
     */
    private static boolean exact(RoutingContext ctx, String path) {
        if (path.equals(ctx.normalizedPath())) {
            return true;
        }
        ctx.next();
        return false;
    }

    /** GET and HEAD pass; any other method is answered 405 here. */
    private static boolean allowed(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return true;
        }
        ctx.response().putHeader(HttpHeaders.ALLOW, ALLOWED);
        plain(ctx.response(), 405, "405 Method Not Allowed: use GET or HEAD");
        return false;
    }

    private static void plain(HttpServerResponse response, int status, String reason) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(reason + "\n");
    }
}
