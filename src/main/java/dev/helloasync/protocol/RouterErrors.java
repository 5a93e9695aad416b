package dev.helloasync.protocol;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.helloasync.Pages;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Answers, in the house {@link ErrorStyle}, every failure Vert.x-web's router raises before or
 * instead of our routes: an invalid Host (Vert.x-web checks it; Quarkus would answer with a JSON
 * error id and log an ERROR for a client's mistake), a request target that is not a path, a path it
 * cannot normalise, a query it cannot decode. A client error is logged at DEBUG; a 5xx, a fault of
 * ours, at ERROR with its stack trace (never sent to the client).
 */
@ApplicationScoped
public class RouterErrors {

    private static final Logger LOG = Logger.getLogger(RouterErrors.class);

    void install(@Observes Router router, ErrorStyle style, Pages pages) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> answer(ctx, style, pages));
        // Failures raised while the router matches routes skip failure handlers: they reach these.
        for (int status : new int[] {400, 404, 405, 500}) {
            router.errorHandler(status, ctx -> answer(ctx, style, pages));
        }
    }

    static void answer(RoutingContext ctx, ErrorStyle style, Pages pages) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (status < 400) {
            status = failure instanceof HttpException http ? http.getStatusCode() : 500;
        }
        if (status >= 500) {
            LOG.errorf(failure, "%s %s failed with %d", ctx.request().method(), ctx.request().path(), status);
        } else {
            LOG.debugf("%s %s answered %d: %s", ctx.request().method(), ctx.request().path(), status, failure);
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset(); // half an answer is out: the client must not take it for a whole one
            return;
        }
        response.headers().clear();
        for (Map.Entry<String, String> header : style.houseHeaders().entrySet()) {
            response.putHeader(header.getKey(), header.getValue());
        }
        if (status == 404) {
            pages.notFound().send(response, 404, "no-store");
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ErrorStyle.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(ErrorStyle.body(status));
    }
}
