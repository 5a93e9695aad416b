package dev.helloasync;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;

/**
 * Closes connections that keep the server waiting for request headers: a client that opens a
 * connection, or keeps one alive, and sends nothing for hello.http.header-timeout is cut off.
 * <p>
 * Vert.x has one idle handler per connection. Between requests it watches reads with the header
 * timeout; while a request is being served (a /sleep is silent for up to 30 s) only
 * quarkus.http.idle-timeout applies. Swapping the two reaches into the connection's Netty
 * pipeline, which Vert.x does not expose as API: the tests in HttpLimitsTest guard it. Needs
 * quarkus.http.http2=false: Vert.x's h2c upgrade handler does not pass idle events on.
 */
@ApplicationScoped
public class HeaderTimeout implements HttpServerOptionsCustomizer {

    private static final String IDLE = "idle";

    private final long headerTimeoutMillis;
    private volatile long idleTimeout;
    private volatile TimeUnit unit = TimeUnit.MILLISECONDS;

    HeaderTimeout(HelloConfig config) {
        this.headerTimeoutMillis = config.http().headerTimeout().toMillis();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        unit = options.getIdleTimeoutUnit();
        idleTimeout = options.getIdleTimeout();
        options.setReadIdleTimeout((int) Math.max(1, unit.convert(headerTimeoutMillis, TimeUnit.MILLISECONDS)));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (ctx.request().connection() instanceof ConnectionBase connection) {
                Channel channel = connection.channel();
                swap(channel, new IdleStateHandler(0, 0, idleTimeout, unit));
                long readIdle = unit.convert(headerTimeoutMillis, TimeUnit.MILLISECONDS);
                ctx.addEndHandler(ended -> swap(channel, new IdleStateHandler(readIdle, 0, idleTimeout, unit)));
            }
            ctx.next();
        });
    }

    private static void swap(Channel channel, IdleStateHandler handler) {
        ChannelPipeline pipeline = channel.pipeline();
        if (channel.isActive() && pipeline.get(IDLE) != null) {
            pipeline.replace(IDLE, IDLE, handler);
        }
    }
}
