package dev.helloasync;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * Warms the request path up before the pod is ready: a fresh JVM runs its accept, parse, route and
 * write code interpreted, then compiles it while serving, so the first crowd a new pod gets (which
 * is what an autoscaler adds a pod for) waits longer than later ones. Once the server listens, this
 * sends {@code hello.warm-up.requests} requests to it over real connections (the page, a 1 ms
 * sleep, a 404 and a conditional 304, each on a new connection, a few at a time), and readiness
 * stays DOWN until they are answered, so Kubernetes sends no traffic to a cold JVM. The server
 * serves anyone meanwhile. The requests count in the metrics like any others.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    static final String NAME = "warm-up";
    /** Connections open at once: enough to keep the event loop busy, few enough to stay off the accept queue. */
    static final int PARALLEL = 16;
    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    /**
     * A W3C trace context whose sampled flag is off (the trailing 00): with the default parent-based
     * sampler (and parent-based ratio), the warm-up's requests are not traced, so a pod's start does not
     * send the collector a thousand spans. The ids are fixed and mean nothing. TracingTest checks it.
     */
    static final String UNSAMPLED = "traceparent: 00-7761726d2d7570000000000000000000-7761726d75700000-00\r\n";

    private final Vertx vertx;
    private final Buffer[] kinds;
    private final int requests;
    private final long timeoutMillis;
    private volatile boolean done;
    private volatile int answered;
    private int sent;
    private int failed;
    private long startNanos;
    private NetClient client;

    @Inject
    WarmUp(Vertx vertx, HelloConfig config, Pages pages) {
        this(vertx, config.warmUp(), pages.hello().etag());
    }

    WarmUp(Vertx vertx, HelloConfig.WarmUp config, String etag) {
        if (config.requests() < 0) {
            throw new IllegalArgumentException("hello.warm-up.requests must be 0 (no warm-up) or more, not " + config.requests());
        }
        this.vertx = vertx;
        this.requests = config.requests();
        this.timeoutMillis = config.timeout().toMillis();
        this.done = requests == 0;
        String head = "Host: localhost\r\n" + UNSAMPLED;
        this.kinds = new Buffer[] {
                request("GET / HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n"),
                request("GET /sleep?seconds=0.001 HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n"),
                request("GET /warm-up HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n"),
                // kept alive: a 304, then HEAD on the same connection
                request("GET / HTTP/1.1\r\n" + head + "If-None-Match: " + etag + "\r\n\r\n"
                        + "HEAD / HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n"),
        };
    }

    void start(@ObservesAsync HttpServerStart started) {
        int port = started.options().getPort();
        if (done) {
            return; // hello.warm-up.requests=0: ready from the start
        }
        if (port <= 0) {
            finish("not run: the server has no fixed port");
            return;
        }
        String host = started.options().getHost();
        String target = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        vertx.runOnContext(v -> {
            startNanos = System.nanoTime();
            client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) Math.min(timeoutMillis, 10_000)));
            vertx.setTimer(Math.max(1, timeoutMillis), id -> finish("stopped after " + timeoutMillis + " ms (hello.warm-up.timeout)"));
            for (int i = 0; i < Math.min(PARALLEL, requests); i++) {
                next(target, port);
            }
        });
    }

    /** One connection: its request (a pair for the 304 case), read until the server closes it, then the next. */
    private void next(String host, int port) {
        if (done || sent >= requests) {
            return;
        }
        Buffer request = kinds[sent++ % kinds.length];
        client.connect(port, host).onComplete(connected -> {
            if (connected.failed()) {
                failed++;
                answered++;
                after(host, port);
                return;
            }
            connected.result().closeHandler(closed -> {
                answered++;
                after(host, port);
            });
            connected.result().handler(data -> {
            });
            connected.result().write(request);
        });
    }

    private void after(String host, int port) {
        if (answered >= requests) {
            finish(answered + " requests in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms"
                    + (failed > 0 ? ", " + failed + " connections failed" : ""));
        } else {
            next(host, port);
        }
    }

    private void finish(String how) {
        if (done) {
            return;
        }
        done = true;
        if (client != null) {
            client.close();
            client = null;
        }
        LOG.infof("warm-up: %s; ready", how);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(done)
                .withData("requests", requests).withData("answered", answered).build();
    }

    private static Buffer request(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
