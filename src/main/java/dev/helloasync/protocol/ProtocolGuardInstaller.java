package dev.helloasync.protocol;

import java.lang.reflect.Field;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import dev.helloasync.HelloConfig;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * Puts a {@link ProtocolGuard} and a {@link HeadDeadline} on every connection the HTTP servers accept, before its first byte is
 * read: Vert.x has no API to add a handler to a connection's Netty pipeline (its connection handler
 * runs too, but Quarkus owns it), so a small handler goes on each listening socket's pipeline, where
 * it sees every accepted connection and adds the guard right after Vert.x has built that
 * connection's pipeline. Finding the listening socket reaches into Vert.x internals (the private
 * {@code bindFuture} of {@link TCPServerBase}; the servers from {@link VertxInternal}): a Vert.x
 * upgrade that moves them makes this log a warning at start-up and makes ProtocolTest fail.
 * <p>
 * Quarkus announces a started server asynchronously, so a connection accepted in the milliseconds
 * between the server's listen and this observer (before the application reports itself started,
 * long before any readiness probe passes) is served without the guard.
 */
@ApplicationScoped
@RegisterForReflection(targets = TCPServerBase.class, fields = true, methods = false)
public class ProtocolGuardInstaller {

    static final String ACCEPT_HOOK = "hello-protocol-accept";
    static final String GUARD = "hello-protocol-guard";
    static final String DEADLINE = "hello-head-deadline";
    /** How long a rejected client may go on sending (dropped) after its answer before the close. */
    static final long LINGER_MILLIS = 2_000;
    private static final Logger LOG = Logger.getLogger(ProtocolGuardInstaller.class);

    private final Vertx vertx;
    private final ErrorStyle style;
    private final long maxBodyBytes;

    private final long headerTimeoutMillis;

    ProtocolGuardInstaller(Vertx vertx, VertxHttpConfig http, ErrorStyle style, HelloConfig config) {
        this.vertx = vertx;
        this.headerTimeoutMillis = config.http().headerTimeout().toMillis();
        this.style = style;
        this.maxBodyBytes = http.limits().maxBodySize().map(size -> size.asLongValue()).orElse(Long.MAX_VALUE);
    }

    void install(@ObservesAsync HttpServerStart started) {
        VertxInternal internal = (VertxInternal) vertx;
        for (TCPServerBase server : internal.sharedHttpServers().values()) {
            Channel listening = listeningChannel(server);
            if (listening == null) {
                LOG.warnf("the HTTP protocol guard is not installed on %s: Vert.x's listening socket cannot be found", server);
            } else if (listening.pipeline().get(ACCEPT_HOOK) == null) {
                listening.pipeline().addFirst(ACCEPT_HOOK, new AcceptHook());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Channel listeningChannel(TCPServerBase server) {
        try {
            Field field = TCPServerBase.class.getDeclaredField("bindFuture");
            field.setAccessible(true);
            Future<Channel> bound = (Future<Channel>) field.get(server);
            return bound == null ? null : bound.result();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no listening socket", e);
            return null;
        }
    }

    /** On the listening socket: marks each accepted connection for a guard. */
    @ChannelHandler.Sharable
    private final class AcceptHook extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                accepted.pipeline().addFirst(GUARD, new Placer());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * On a new connection until it is registered, when Vert.x has built its pipeline: then moves
     * the guard to just before Vert.x's own handler, after the HTTP decoder.
     */
    private final class Placer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            if (ctx.pipeline().get("handler") != null && ctx.pipeline().get("httpDecoder") != null) {
                ctx.pipeline().remove(this);
                HeadDeadline deadline = new HeadDeadline(headerTimeoutMillis);
                ctx.pipeline().addBefore("httpDecoder", DEADLINE, deadline);
                ctx.pipeline().addBefore("handler", GUARD, new ProtocolGuard(style, deadline, maxBodyBytes, LINGER_MILLIS));
            } else {
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRegistered();
        }
    }
}
