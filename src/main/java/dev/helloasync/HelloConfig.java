package dev.helloasync;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the service lets you configure, under the {@code hello.} prefix. */
@ConfigMapping(prefix = "hello")
public interface HelloConfig {

    Sleep sleep();

    interface Sleep {
        /** How long {@code GET /sleep} waits when the request does not say. */
        @WithDefault("5s")
        Duration duration();

        /** The longest wait a request may ask for with {@code ?seconds=N}. */
        @WithDefault("30s")
        Duration max();
    }
}
