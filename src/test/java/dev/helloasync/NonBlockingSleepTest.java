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
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One event loop, eight worker threads, a two-second sleep, 500 sleeps at once: they all finish in
 * under two sleeps, which only holds if a sleeping request holds no thread. A Thread.sleep on the
 * event loop would take 1000 s; sleeping on the worker threads (executeBlocking, @Blocking), 63
 * rounds (126 s). A sleep on a thread of its own would finish in time, so the server's live thread
 * count is read in the middle of the batch too.
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

    @Test
    void fiveHundredSleepsOnOneEventLoopFinishTogether() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(sleep).timeout(Duration.ofSeconds(30)).build();
        // Warm up first: the same 500 requests without a wait open the client's 500 pooled
        // connections and warm the JIT, so that the measured batch times the sleeps only.
        HttpRequest noWait = HttpRequest.newBuilder(URI.create(sleep + "?seconds=0")).timeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<HttpResponse<Void>>> warmUp = IntStream.range(0, CONCURRENT)
                .mapToObj(i -> client.sendAsync(noWait, HttpResponse.BodyHandlers.discarding()))
                .toList();
        CompletableFuture.allOf(warmUp.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        warmUp.forEach(response -> assertEquals(200, response.join().statusCode()));

        double threadsBefore = OverloadTest.gauge("jvm_threads_live_threads");
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = IntStream.range(0, CONCURRENT)
                .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        OverloadTest.awaitInFlight(CONCURRENT);
        double threadsDuring = OverloadTest.gauge("jvm_threads_live_threads");
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;

        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            assertEquals(200, response.join().statusCode());
            ChapterPages.assertHelloPage(response.join().body());
        }
        assertTrue(millis >= SLEEP.toMillis(), "the batch cannot beat one sleep: " + millis + " ms");
        // 500 sleeps on threads would add 500; the test's own HTTP client may add a few (same JVM).
        assertTrue(threadsDuring - threadsBefore < 100, "live threads " + threadsBefore + " -> " + threadsDuring);
        assertTrue(millis < 2 * SLEEP.toMillis(), CONCURRENT + " sleeps took " + millis + " ms, over 2 sleeps");
    }
}
