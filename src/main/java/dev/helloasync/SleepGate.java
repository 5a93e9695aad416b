package dev.helloasync;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * Decides how long a {@code /sleep} request waits and waits it on a Vert.x timer: no thread is held
 * while a request sleeps, so one event loop can keep any number of sleeps in flight, up to the
 * configured maximum. A client that goes away frees its place at once.
 * <p>
 * When tracing is on, the request's server span carries the wait it asked for
 * ({@code hello.sleep.seconds}) and how the sleep ended ({@code hello.sleep.outcome}: {@code completed}
 * or {@code rejected} past the in-flight limit). A sleep whose client leaves has no outcome here: Vert.x
 * ends the span as the connection closes, before any handler of ours runs, with the standard
 * {@code error.type} ({@code io.vertx.core.http.HttpClosedException}). When tracing is off,
 * {@link Span#current()} is a no-op span and nothing is recorded.
 */
@Singleton
public class SleepGate {

    /** A plain decimal: digits with an optional fraction and sign; no exponents, no NaN, no hex. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** A client asked for a wait we do not give; the message is the one-line reason sent back. */
    public static final class BadSleep extends RuntimeException {
        BadSleep(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Duration defaultWait;
    private final BigDecimal maxSeconds;
    private final int maxInFlight;
    private static final Logger LOG = Logger.getLogger(SleepGate.class);
    static final AttributeKey<Double> SECONDS = AttributeKey.doubleKey("hello.sleep.seconds");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("hello.sleep.outcome");

    private final Vertx vertx;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejected;
    private final Counter cancelled;

    @Inject
    SleepGate(HelloConfig config, VertxHttpConfig http, Vertx vertx, MeterRegistry registry) {
        this(config.sleep(), http.idleTimeout(), vertx, registry);
    }

    SleepGate(HelloConfig.Sleep config, Duration idleTimeout, Vertx vertx, MeterRegistry registry) {
        if (config.duration().isNegative() || config.max().isNegative()) {
            throw new IllegalArgumentException("hello.sleep.duration and hello.sleep.max must not be negative");
        }
        if (config.duration().compareTo(config.max()) > 0) {
            throw new IllegalArgumentException("hello.sleep.duration (" + config.duration()
                    + ") must not exceed hello.sleep.max (" + config.max() + ")");
        }
        if (config.max().compareTo(idleTimeout) >= 0) {
            // The server would cut a sleeping connection (no traffic either way) before its answer.
            throw new IllegalArgumentException("hello.sleep.max (" + config.max()
                    + ") must be shorter than quarkus.http.idle-timeout (" + idleTimeout + ")");
        }
        if (config.maxInFlight() < 1) {
            throw new IllegalArgumentException("hello.sleep.max-in-flight must be at least 1");
        }
        this.defaultWait = config.duration();
        this.maxSeconds = BigDecimal.valueOf(config.max().toMillis(), 3).stripTrailingZeros();
        this.maxInFlight = config.maxInFlight();
        this.vertx = vertx;
        Gauge.builder("hello.sleeps.in.flight", inFlight, AtomicInteger::get)
                .description("Sleeps waiting on their timer now").register(registry);
        this.rejected = Counter.builder("hello.sleeps.rejected")
                .description("Sleeps refused with 503 because hello.sleep.max-in-flight were already waiting")
                .register(registry);
        this.cancelled = Counter.builder("hello.sleeps.cancelled")
                .description("Sleeps whose client went away before the timer fired (client time-outs, not server faults)")
                .register(registry);
    }

    /**
     * The wait a request asks for with its {@code seconds} query parameter, or the configured default.
     *
     * @throws BadSleep when the parameter is repeated, not a plain decimal, negative or above the maximum
     */
    public Duration waitFor(List<String> seconds) {
        if (seconds.isEmpty()) {
            return defaultWait;
        }
        if (seconds.size() > 1) {
            throw new BadSleep("seconds may be given only once");
        }
        String raw = seconds.get(0);
        if (!DECIMAL.matcher(raw).matches()) {
            throw new BadSleep("seconds must be a decimal number such as 2 or 0.25");
        }
        BigDecimal value = new BigDecimal(raw);
        if (value.signum() < 0 || value.compareTo(maxSeconds) > 0) {
            throw new BadSleep("seconds must be between 0 and " + maxSeconds.toPlainString());
        }
        return Duration.ofMillis(value.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact());
    }

    /**
     * Runs {@code wake} on the calling event loop after {@code wait}, without blocking it meanwhile.
     *
     * @return false, having done nothing, when {@code hello.sleep.max-in-flight} sleeps are already waiting
     */
    public boolean sleep(Duration wait, HttpServerResponse response, Runnable wake) {
        long millis = wait.toMillis();
        Span span = Span.current(); // the request's server span
        if (span.isRecording()) {
            span.setAttribute(SECONDS, millis / 1000.0);
        }
        if (millis == 0) {
            outcome(span, "completed");
            wake.run();
            return true;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            rejected.increment();
            outcome(span, "rejected");
            return false;
        }
        long timer = vertx.setTimer(millis, id -> {
            inFlight.decrementAndGet();
            outcome(span, "completed");
            wake.run();
        });
        // A client that hangs up frees its place now, not when its timer would have fired.
        response.closeHandler(closed -> {
            if (vertx.cancelTimer(timer)) {
                inFlight.decrementAndGet();
                cancelled.increment();
                LOG.debugf("a %d ms sleep was cancelled: its client went away", millis);
            }
        });
        return true;
    }

    private static void outcome(Span span, String outcome) {
        if (span.isRecording()) {
            span.setAttribute(OUTCOME, outcome);
        }
    }

    public int maxInFlight() {
        return maxInFlight;
    }
}
