package dev.helloasync.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.HostAndPort;

/**
 * Sits between Netty's HTTP decoder and Vert.x on every connection and answers, itself, every request
 * Vert.x would answer badly: a version other than HTTP/1.0 or HTTP/1.1 (Vert.x copies the request's
 * version token into the status line: {@code GET / HTTP/9.9} came back {@code HTTP/9.9 200 OK}), a
 * request the decoder could not parse (Vert.x answers those with an empty body, none of our headers,
 * and the client's version token), an HTTP/1.1 request without exactly one Host, and a body
 * announced larger than the limit. The answer is always {@code HTTP/1.1}, plain text, the house
 * headers and {@code Connection: close}; then the server stops writing, reads and drops what the
 * client still sends for a short while (so the kernel does not reset the connection over unread
 * bytes before the client has read the answer), and closes.
 * <p>
 * Requests are answered in order: an error for a pipelined request waits until every earlier
 * request's response has been written (counted here as requests passed on minus final responses
 * written). A body that grows past the limit after its headers passed (chunked) cannot get an error
 * answer, since Vert.x answers that request; the connection is closed once that answer is out.
 */
final class ProtocolGuard extends ChannelDuplexHandler {

    private final ErrorStyle style;
    private final HeadDeadline deadline;
    private final long maxBodyBytes;
    private final long lingerMillis;

    /** Requests passed on to Vert.x whose final response has not been written yet. */
    private int pending;
    /** Body bytes of the request being received. */
    private long bodyBytes;
    /** The error answer waiting for earlier responses, or the one already sent. */
    private FullHttpResponse rejection;
    /** The request being received asked for the connection to end with its answer. */
    private boolean lastRequest;
    /** Past a rejection, an oversized chunked body or a last request: nothing more is passed on. */
    private boolean done;

    ProtocolGuard(ErrorStyle style, HeadDeadline deadline, long maxBodyBytes, long lingerMillis) {
        this.style = style;
        this.deadline = deadline;
        this.maxBodyBytes = maxBodyBytes;
        this.lingerMillis = lingerMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            deadline.headArrived();
            HttpResponseStatus refusal = refusal(request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                reject(ctx, answer(refusal, HttpMethod.HEAD.equals(request.method())));
                return;
            }
            pending++;
            bodyBytes = 0;
            lastRequest = !HttpUtil.isKeepAlive(request);
        } else if (msg instanceof HttpContent content) {
            DecoderResult result = content.decoderResult();
            bodyBytes += content.content().readableBytes();
            if (result.isFailure() || bodyBytes > maxBodyBytes) {
                // The request's head has gone to Vert.x, which answers it (no endpoint reads a body);
                // the connection closes once that answer is out.
                ReferenceCountUtil.release(msg);
                done = true;
                ctx.channel().config().setAutoRead(false);
                if (pending == 0) {
                    // Its answer may be written but not yet flushed (Vert.x flushes when the read ends):
                    // out first, then the close.
                    closeAfter(ctx, ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
                }
                return;
            }
        }
        if (msg instanceof LastHttpContent) {
            deadline.requestEnded();
        }
        if (lastRequest && msg instanceof LastHttpContent) {
            // Its answer ends the connection (HTTP/1.0, Connection: close): what follows is not read.
            done = true;
        }
        ctx.fireChannelRead(msg);
    }

    /** Why this request head gets an error answer instead of going on to Vert.x; null if it goes on. */
    HttpResponseStatus refusal(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
            if (cause instanceof TooLongFrameException) {
                return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            }
            return HttpResponseStatus.BAD_REQUEST;
        }
        HttpVersion version = request.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return wellFormed(version) ? HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED : HttpResponseStatus.BAD_REQUEST;
        }
        if (!validTarget(request.uri())) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!validHost(request.headers().getAll(HttpHeaderNames.HOST), version)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && !HttpUtil.isTransferEncodingChunked(request)) {
            // RFC 9112 6.1: a body whose length cannot be known (Netty would read it as no body at all,
            // and the body as the next request: the shape of request smuggling).
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (HttpUtil.getContentLength(request, 0L) > maxBodyBytes) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return null;
    }

    /**
     * RFC 9112 3.2: origin-form ({@code /path?query}) or absolute-form ({@code http://host/path}), of
     * the characters RFC 3986 allows there, each {@code %} followed by two hex digits. Stricter than the
     * {@code java.net.URI} parse Quarkus does next (which lets non-ASCII, a fragment or a lone
     * backslash through to fail later with an unstyled 400), and allocation-free.
     */
    static boolean validTarget(String uri) {
        int length = uri.length();
        if (length == 0 || (uri.charAt(0) != '/' && !uri.regionMatches(true, 0, "http://", 0, 7)
                && !uri.regionMatches(true, 0, "https://", 0, 8))) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= length || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !TARGET_CHARS[c]) {
                return false;
            }
        }
        // "//..." is a valid origin-form (empty segments), but java.net.URI reads it as an authority,
        // and "//" alone fails there with "Expected authority": Quarkus would answer an unstyled 400.
        // Such targets are rare, so the parse (and its allocation) is paid only for them.
        if (length >= 2 && uri.charAt(1) == '/' && uri.charAt(0) == '/') {
            try {
                new URI(uri);
            } catch (URISyntaxException e) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] TARGET_CHARS = new boolean[128];

    static {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?";
        for (int i = 0; i < allowed.length(); i++) {
            TARGET_CHARS[allowed.charAt(i)] = true;
        }
    }

    /**
     * RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host, to any request with
     * more than one, and to one whose value is not a valid authority (Vert.x's own parser decides, as
     * Vert.x-web would after us).
     */
    private static boolean validHost(List<String> hosts, HttpVersion version) {
        if (hosts.isEmpty()) {
            return version == HttpVersion.HTTP_1_0;
        }
        return hosts.size() == 1 && HostAndPort.parseAuthority(hosts.get(0), -1) != null;
    }

    /** {@code HTTP/<digit>.<digit>} exactly: an HTTP version we do not speak, as opposed to garbage. */
    private static boolean wellFormed(HttpVersion version) {
        String text = version.text();
        return text.length() == 8 && text.startsWith("HTTP/") && Character.isDigit(text.charAt(5))
                && text.charAt(6) == '.' && Character.isDigit(text.charAt(7));
    }

    private void reject(ChannelHandlerContext ctx, FullHttpResponse answer) {
        done = true;
        rejection = answer;
        if (pending == 0) {
            sendRejection(ctx);
        } else {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void sendRejection(ChannelHandlerContext ctx) {
        closeAfter(ctx, ctx.writeAndFlush(rejection));
    }

    /**
     * Once the last answer is out: stop writing, read and drop what the client still sends for up to
     * the linger time, then close. A close with unread bytes would send a reset, and a reset makes the
     * client's kernel drop the answer it has not read yet.
     */
    private void closeAfter(ChannelHandlerContext ctx, ChannelFuture lastWrite) {
        ctx.channel().config().setAutoRead(true); // read and drop what follows while lingering
        lastWrite.addListener((ChannelFutureListener) written -> {
            if (written.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), lingerMillis, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        if (last && msg != rejection && pending > 0 && --pending == 0 && done) {
            ChannelPromise written = promise.unvoid();
            ctx.write(msg, written);
            if (rejection != null) {
                sendRejection(ctx);
            } else {
                ctx.flush();
                closeAfter(ctx, written);
            }
            return;
        }
        ctx.write(msg, promise);
    }

    /** The guard's answer: HTTP/1.1, the house error style, Connection: close; no body for HEAD. */
    private FullHttpResponse answer(HttpResponseStatus status, boolean head) {
        ByteBuf body = Unpooled.copiedBuffer(ErrorStyle.body(status.code()), StandardCharsets.US_ASCII);
        int length = body.readableBytes();
        if (head) { // the length a GET would get, and no body
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        for (Map.Entry<String, String> header : style.houseHeaders().entrySet()) {
            headers.add(header.getKey(), header.getValue());
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, ErrorStyle.CONTENT_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
