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
 * The timer is lazy, as Netty's IdleStateHandler is: a head's first byte only notes when the head
 * is due, and a head's arrival only clears that note. The one timer per connection is armed when a
 * head begins and none is pending, and when it fires it closes the connection if a head is overdue,
 * re-arms itself for the rest if one is still in time, or lapses if none is being received. A
 * kept-alive connection under load so pays a clock read per request instead of scheduling and
 * cancelling a task (an allocation and two priority-queue operations on the event loop) for each.
 * <p>
 * Sits before Netty's HTTP decoder (it sees raw bytes arrive); {@link ProtocolGuard}, after the
 * decoder, tells it when a head is complete and when its request has ended.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {

    private final long nanos;
    private ScheduledFuture<?> timer;
    private Runnable expiry;
    /** A head is being received; it is due at {@link #due} (System.nanoTime()). */
    private boolean headPending;
    private long due;
    /** A head has arrived and its request (body included) has not ended. */
    private boolean inRequest;

    HeadDeadline(long millis) {
        this.nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        expiry = () -> expire(ctx);
        if (ctx.channel().isActive()) {
            headBegins(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        headBegins(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inRequest) {
            headBegins(ctx); // the first bytes of the next head (a no-op while one is already due)
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        headPending = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    void headArrived() {
        inRequest = true;
        headPending = false;
    }

    void requestEnded() {
        inRequest = false;
    }

    private void headBegins(ChannelHandlerContext ctx) {
        if (headPending) {
            return;
        }
        headPending = true;
        due = System.nanoTime() + nanos;
        if (timer == null) {
            // An armed timer fires no later than this deadline (it was set for an earlier one).
            arm(ctx, nanos);
        }
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(expiry, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!headPending) {
            return; // between requests, or inside one: the next head arms it again
        }
        long left = due - System.nanoTime();
        if (left > 0) {
            arm(ctx, left);
        } else {
            ctx.close();
        }
    }
}
