package dev.helloasync;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;

/**
 * Closes a new connection that keeps the server waiting for its first request's headers: a client
 * that connects and sends nothing, or starts a request and stalls, for hello.http.header-timeout.
 * <p>
 * Vert.x gives each connection one idle handler. It starts out also watching reads with the header
 * timeout; once a request has arrived, only quarkus.http.idle-timeout applies, so a long /sleep (no
 * traffic for up to 30 s) is never cut and a kept-alive connection lives as long as load balancers
 * expect. Swapping the handler reaches into the connection's Netty pipeline, which Vert.x does not
 * expose as API: HttpLimitsTest guards it. Needs quarkus.http.http2=false: Vert.x's h2c upgrade
 * handler does not pass idle events on.
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
                ChannelPipeline pipeline = connection.channel().pipeline();
                if (pipeline.get(IDLE) instanceof IdleStateHandler idle && idle.getReaderIdleTimeInMillis() > 0) {
                    pipeline.replace(IDLE, IDLE, new IdleStateHandler(0, 0, idleTimeout, unit));
                }
            }
            ctx.next();
        });
    }
}
