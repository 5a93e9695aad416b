package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One event loop, eight worker threads, a two-second sleep, 500 sleeps at once. A sleeping request
 * holds no thread: each answer is written by the event-loop thread that took its request (a timer
 * callback), not by a worker or a virtual thread (checked in-process by the SleepThreads test bean;
 * the packaged application of the IT has no test bean); the server's live platform threads do not
 * grow with the sleeps (a thread per sleep would add 500); and the batch ends well within what any
 * thread-holding sleep would take (Thread.sleep on the event loop: 1000 s; on the eight workers
 * (executeBlocking, @Blocking): 63 rounds, 126 s), with a bound loose enough for a loaded machine.
 */
@QuarkusTest
@TestProfile(NonBlockingSleepTest.OneEventLoop.class)
class NonBlockingSleepTest {

    /** The packaged application's warm-up sends its own requests until readiness is UP: not during this test. */
    @BeforeEach
    void ready() throws InterruptedException {
        Management.awaitReady();
    }

    static final int CONCURRENT = 500;
    static final Duration SLEEP = Duration.ofSeconds(2);

    public static class OneEventLoop implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.vertx.event-loops-pool-size", "1",
                    "quarkus.thread-pool.max-threads", "8",
                    "hello.sleep.duration", SLEEP.toMillis() + "ms");
        }
    }

    @TestHTTPResource("/sleep")
    URI sleep;

    /**
     * The test bean, looked up (not injected: @QuarkusIntegrationTest refuses @Inject) only in
     * process; the packaged application has none.
     */
    static SleepThreads threads() {
        return Arc.container().instance(SleepThreads.class).get();
    }

    /** Against the packaged application, hello.it.management-port is set (see Management). */
    static boolean inProcess() {
        return System.getProperty("hello.it.management-port") == null;
    }

    @Test
    void fiveHundredSleepsOnOneEventLoopFinishTogether() throws Exception {
        // Two client threads at most, so that the live thread count (the test's JVM is the server's
        // in @QuarkusTest) moves only with the server's threads.
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
        HttpRequest request = HttpRequest.newBuilder(sleep).timeout(Duration.ofSeconds(30)).build();
        // Warm up first: the same 500 requests without a wait open the client's 500 pooled
        // connections and warm the JIT, so that the measured batch times the sleeps only.
        HttpRequest noWait = HttpRequest.newBuilder(URI.create(sleep + "?seconds=0")).timeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<HttpResponse<Void>>> warmUp = IntStream.range(0, CONCURRENT)
                .mapToObj(i -> client.sendAsync(noWait, HttpResponse.BodyHandlers.discarding()))
                .toList();
        CompletableFuture.allOf(warmUp.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        warmUp.forEach(response -> assertEquals(200, response.join().statusCode()));

        if (inProcess()) {
            threads().reset();
        }
        double threadsBefore = OverloadTest.gauge("jvm_threads_live_threads");
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = IntStream.range(0, CONCURRENT)
                .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        OverloadTest.awaitInFlight(CONCURRENT);
        double threadsDuring = OverloadTest.gauge("jvm_threads_live_threads");
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        clientThreads.shutdown();

        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            assertEquals(200, response.join().statusCode());
            ChapterPages.assertHelloPage(response.join().body());
        }
        if (inProcess()) {
            assertEquals(CONCURRENT, threads().answered(), "every sleep's answer was seen");
            assertEquals(List.of(), threads().elsewhere(), "answers written off the event loop that took them");
        }
        assertTrue(millis >= SLEEP.toMillis(), "the batch cannot beat one sleep: " + millis + " ms");
        // A thread per sleep would add 500; the client's two threads are already running.
        assertTrue(threadsDuring - threadsBefore <= 10, "live threads " + threadsBefore + " -> " + threadsDuring);
        // Worker threads would need 126 s: a bound of 15 s over the sleep holds on a loaded machine.
        assertTrue(millis < SLEEP.toMillis() + 15_000, CONCURRENT + " sleeps took " + millis + " ms");
    }
}
