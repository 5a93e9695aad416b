package dev.helloasync;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the service lets you configure, under the {@code hello.} prefix. */
@ConfigMapping(prefix = "hello")
public interface HelloConfig {

    Sleep sleep();

    Page page();

    Http http();

    WarmUp warmUp();

    interface Sleep {
        /** How long {@code GET /sleep} waits when the request does not say. */
        @WithDefault("5s")
        Duration duration();

        /** The longest wait a request may ask for with {@code ?seconds=N}. */
        @WithDefault("30s")
        Duration max();

        /**
         * Sleeps allowed in flight at once; past it {@code /sleep} answers 503 at once. One sleeping
         * request costs about 6 KiB of heap and 16 KiB of resident memory (measured, see the README's
         * "Limits"): 10,000 of them take about 60 MiB of heap and 260 MiB of RSS, inside the
         * Kubernetes limit of 384 MiB.
         */
        @WithDefault("10000")
        int maxInFlight();

        /** What a 503 tells the client to wait before trying again. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    interface Http {
        /**
         * The deadline for a request's head: a new connection's first request must be in within it,
         * and each later request within it of its first byte; otherwise the connection is closed.
         * Between requests only quarkus.http.idle-timeout applies, so a long /sleep is never cut and
         * kept-alive connections last as long as load balancers expect.
         */
        @WithDefault("10s")
        Duration headerTimeout();
    }

    interface Page {
        /** How long browsers and caches may keep {@code GET /} ({@code Cache-Control: public, max-age}). */
        @WithDefault("5m")
        Duration maxAge();
    }

    interface WarmUp {
        /**
         * Requests the service sends itself once it listens, before readiness turns UP (0: none, ready
         * at once). Enough for the JIT to compile the request path before the first crowd arrives.
         */
        @WithDefault("1000")
        int requests();

        /** Readiness turns UP after this long even if the warm-up has not finished. */
        @WithDefault("20s")
        Duration timeout();
    }
}
