package dev.helloasync.protocol;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The request-head deadline (hello.http.header-timeout): a new connection must deliver its first
 * request's head within it, and each later request's head within it of that head's first byte;
 * otherwise the connection is closed. A deadline, not an idle timer: a slowloris client that
 * trickles a byte a second never lets an idle timer fire, and would hold its connection for hours.
 * Between requests a kept-alive connection has no deadline; only quarkus.http.idle-timeout applies,
 * so a long /sleep or an idle pooled connection is never cut by it.
 * <p>
 * Sits before Netty's HTTP decoder (it sees raw bytes arrive); {@link ProtocolGuard}, after the
 * decoder, tells it when a head is complete and when its request has ended.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {

    private final long millis;
    private ScheduledFuture<?> timer;
    /** A head has arrived and its request (body included) has not ended. */
    private boolean inRequest;

    HeadDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inRequest) {
            start(ctx); // the first bytes of the next head (a no-op while a deadline already runs)
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    void headArrived() {
        inRequest = true;
        cancel();
    }

    void requestEnded() {
        inRequest = false;
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
