package dev.helloasync;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.Context;
import io.vertx.ext.web.Router;

/**
 * Test bean (in every {@code @QuarkusTest} application, not in the packaged one): for each
 * {@code /sleep} request, the thread that took it and the thread that wrote its answer's head. Runs
 * before HelloRoutes' handler, which it leaves alone. For NonBlockingSleepTest.
 */
@Singleton
public class SleepThreads {

    private final AtomicInteger answered = new AtomicInteger();
    private final Queue<String> elsewhere = new ConcurrentLinkedQueue<>();

    void install(@Observes Router router) {
        router.route("/sleep").order(-100).handler(ctx -> {
            Thread took = Thread.currentThread();
            boolean onEventLoop = Context.isOnEventLoopThread();
            ctx.response().headersEndHandler(v -> {
                Thread wrote = Thread.currentThread();
                if (!onEventLoop || wrote != took) {
                    elsewhere.add("taken on " + took + " (event loop: " + onEventLoop + "), answered on " + wrote);
                }
                answered.incrementAndGet();
            });
            ctx.next();
        });
    }

    int answered() {
        return answered.get();
    }

    java.util.List<String> elsewhere() {
        return java.util.List.copyOf(elsewhere);
    }

    void reset() {
        answered.set(0);
        elsewhere.clear();
    }
}
