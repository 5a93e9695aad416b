package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With an OTLP endpoint named, every request is one server span, exported by Quarkus's own exporter
 * to a real receiver ({@link OtlpReceiver}, OTLP/HTTP here) and read with OpenTelemetry's protobuf
 * classes: named by route, with the standard HTTP attributes, the sleep's wait and outcome, the
 * caller's traceparent continued, and the same trace and span ids on the request's log line.
 */
@QuarkusTest
@TestProfile(TracingTest.On.class)
@WithTestResource(OtlpReceiver.class)
public class TracingTest {

    /** New in every run, on every request: spans and log lines from an earlier run cannot match. */
    static final String RUN = UUID.randomUUID().toString();
    static final int WARM_UP = 40;

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hello.sleep.max-in-flight", "1",
                    "hello.warm-up.requests", Integer.toString(WARM_UP),
                    "quarkus.http.access-log.enabled", "true",
                    "quarkus.log.console.json.enabled", "true");
        }
    }

    private LogCapture accessLog;

    @BeforeEach
    void captureTheAccessLog() throws InterruptedException {
        Management.awaitReady();
        accessLog = LogCapture.of("io.quarkus.http.access-log");
    }

    @AfterEach
    void detach() {
        accessLog.close();
    }

    @Test
    void eachRequestIsOneServerSpanNamedByItsRouteAndJoinedToItsLogLine() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parentId = traceId.substring(8, 24);
        given().header("traceparent", "00-" + traceId + "-" + parentId + "-01").header("tracestate", "mesh=7,lb=a1")
                .get("/?run=" + RUN + "-page").then().statusCode(200);
        given().get("/nope-" + RUN).then().statusCode(404);
        given().post("/?run=" + RUN + "-post").then().statusCode(405);
        // the one sleep allowed in flight (hello.sleep.max-in-flight=1), and one past it
        CompletableFuture<Integer> sleeper = CompletableFuture.supplyAsync(
                () -> given().get("/sleep?seconds=1&run=" + RUN + "-sleep").statusCode());
        awaitSleepsInFlight(1);
        given().get("/sleep?seconds=1&run=" + RUN + "-refused").then().statusCode(503);
        assertEquals(200, sleeper.get());

        Span page = awaitSpan(run(RUN + "-page"));
        assertEquals("GET /", page.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, page.getKind());
        assertEquals("GET", string(page, "http.request.method"));
        assertEquals(200, integer(page, "http.response.status_code"));
        assertEquals("/", string(page, "url.path"));
        assertEquals("/", string(page, "http.route"));
        assertEquals(traceId, hex(page.getTraceId().toByteArray()), "the caller's trace continues");
        assertEquals(parentId, hex(page.getParentSpanId().toByteArray()), "under the caller's span");
        assertEquals("mesh=7,lb=a1", page.getTraceState(), "with the caller's tracestate");

        Span notFound = awaitSpan(path("/nope-" + RUN));
        assertEquals("GET /*", notFound.getName(), "every unknown path under one name");
        assertEquals(404, integer(notFound, "http.response.status_code"));
        assertFalse(notFound.getName().contains(RUN), "the client chose no span name");
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, notFound.getStatus().getCode(), "a 404 is the client's error, not ours");

        Span post = awaitSpan(run(RUN + "-post"));
        assertEquals("POST /", post.getName());
        assertEquals(405, integer(post, "http.response.status_code"));

        Span sleep = awaitSpan(run(RUN + "-sleep"));
        assertEquals("GET /sleep", sleep.getName());
        assertEquals(200, integer(sleep, "http.response.status_code"));
        assertEquals(1.0, number(sleep, "hello.sleep.seconds"));
        assertEquals("completed", string(sleep, "hello.sleep.outcome"));
        assertTrue(durationMillis(sleep) >= 1000, "the sleep's span lasts its wait: " + durationMillis(sleep) + " ms");
        assertTrue(durationMillis(sleep) < 4000, "and not much longer: " + durationMillis(sleep) + " ms");
        assertTrue(sleep.getParentSpanId().isEmpty(), "no caller context: a root span");
        assertFalse(hex(sleep.getTraceId().toByteArray()).equals(traceId), "a trace of its own");

        Span refused = awaitSpan(run(RUN + "-refused"));
        assertEquals("GET /sleep", refused.getName());
        assertEquals(503, integer(refused, "http.response.status_code"));
        assertEquals("rejected", string(refused, "hello.sleep.outcome"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, refused.getStatus().getCode(), "a 503 is ours");

        for (Span span : List.of(page, notFound, post, sleep, refused)) {
            String needle = attribute(span, "url.query").map(v -> v.getStringValue()).orElse(string(span, "url.path"));
            Map<String, String> ids = logLineIds(needle);
            assertEquals(hex(span.getTraceId().toByteArray()), ids.get("traceId"), span.getName() + "'s log line: " + ids);
            assertEquals(hex(span.getSpanId().toByteArray()), ids.get("spanId"), span.getName() + "'s log line: " + ids);
        }
        assertEquals("hello-async", resourceOf(page).orElseThrow());
    }

    @Test
    void aSleepCutShortByItsClientEndsItsSpanWhenTheClientLeaves() throws Exception {
        try (Socket socket = new Socket("localhost", port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /sleep?seconds=3&run=" + RUN + "-cut HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitSleepsInFlight(1);
        }
        Span cut = awaitSpan(run(RUN + "-cut"));
        assertEquals("GET /sleep", cut.getName());
        assertEquals("io.vertx.core.http.HttpClosedException", string(cut, "error.type"), "ended by its client's leaving");
        assertTrue(attribute(cut, "http.response.status_code").isEmpty(), "no answer was sent");
        assertTrue(attribute(cut, "hello.sleep.outcome").isEmpty(), "not completed");
        assertTrue(durationMillis(cut) < 2500, "ended when its client left, not at 3 s: " + durationMillis(cut) + " ms");
    }

    @Test
    void theWarmUpsRequestsAreNotTraced() throws Exception {
        given().get("/?run=" + RUN + "-after-warm-up").then().statusCode(200);
        awaitSpan(run(RUN + "-after-warm-up")); // everything exported before it is in too
        List<Span> warmUp = spans().stream().filter(s -> path("/warm-up").test(s)
                || hex(s.getTraceId().toByteArray()).equals("7761726d2d7570000000000000000000")).toList();
        assertTrue(warmUp.isEmpty(), WARM_UP + " warm-up requests, no span: " + warmUp);
    }

    // --- what the receiver got --------------------------------------------------------------------

    static List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (ResourceSpans resource : OtlpReceiver.received()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                spans.addAll(scope.getSpansList());
            }
        }
        return spans;
    }

    static Optional<String> resourceOf(Span span) {
        for (ResourceSpans resource : OtlpReceiver.received()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                if (scope.getSpansList().contains(span)) {
                    return resource.getResource().getAttributesList().stream()
                            .filter(kv -> kv.getKey().equals("service.name"))
                            .map(kv -> kv.getValue().getStringValue()).findFirst();
                }
            }
        }
        return Optional.empty();
    }

    /** The one span that matches, waiting up to 10 s for the exporter's next batch. */
    static Span awaitSpan(Predicate<Span> match) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<Span> found = spans().stream().filter(match).toList();
            if (found.size() > 1) {
                throw new AssertionError("one span per request, got " + found.size() + ": " + found);
            }
            if (found.size() == 1) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such span in " + spans().size() + " received");
            }
            Thread.sleep(50);
        }
    }

    /** The span of the request whose query ends with run={@code id}. */
    static Predicate<Span> run(String id) {
        return span -> attribute(span, "url.query").map(v -> v.getStringValue().endsWith("run=" + id)).orElse(false);
    }

    static Predicate<Span> path(String path) {
        return span -> attribute(span, "url.path").map(v -> v.getStringValue().equals(path)).orElse(false);
    }

    static Optional<AnyValue> attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }

    static String string(Span span, String key) {
        return attribute(span, key).orElseThrow(() -> new AssertionError(key + " missing on " + span)).getStringValue();
    }

    static long integer(Span span, String key) {
        return attribute(span, key).orElseThrow(() -> new AssertionError(key + " missing on " + span)).getIntValue();
    }

    static double number(Span span, String key) {
        return attribute(span, key).orElseThrow(() -> new AssertionError(key + " missing on " + span)).getDoubleValue();
    }

    static long durationMillis(Span span) {
        return (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // --- the service's side ---------------------------------------------------------------------

    static int port() {
        return io.restassured.RestAssured.port;
    }

    static void awaitSleepsInFlight(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String metrics = Management.given().get("/q/metrics").then().extract().asString();
            if (metrics.contains("\nhello_sleeps_in_flight " + n + ".0")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(n + " sleep(s) never in flight");
    }

    /**
     * The trace and span ids on the log line (the access log's) of the request whose target contains
     * {@code needle}. In process: the MDC of the record, which the JSON formatter writes out as "mdc".
     */
    protected Map<String, String> logLineIds(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (LogRecord record : accessLog.records()) {
                String message = record.getMessage();
                if (message != null && message.contains(needle) && record instanceof ExtLogRecord ext) {
                    return mdc(ext.getMdcCopy());
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access-log line for " + needle + " in " + accessLog.records().size());
    }

    static Map<String, String> mdc(Map<String, ?> mdc) {
        Map<String, String> ids = new HashMap<>();
        for (String key : List.of("traceId", "spanId")) {
            Object value = mdc.get(key);
            if (value != null) {
                ids.put(key, value.toString());
            }
        }
        return ids;
    }
}
