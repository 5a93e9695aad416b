package dev.helloasync.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** Test-only routes that fail, for RouterErrorsTest: a bug of ours (an exception) and a fail(400). */
@ApplicationScoped
public class FailingRoutes {

    void install(@Observes Router router) {
        router.route("/test-only/throws").order(-10).handler(ctx -> {
            throw new IllegalStateException("a secret detail that must not reach the client");
        });
        router.route("/test-only/fails-400").order(-10).handler(ctx -> ctx.fail(400, new IllegalArgumentException("detail")));
    }
}
