package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The traffic a pod sees, all at once: pages, HEAD, conditional GETs, 404s, crowds of short sleeps
 * on fresh connections, probes and scrapes, from many connections together. Every answer must be
 * the right one; none may be lost or mixed up with another's.
 * <p>
 * It is also the workload that trains the image's AOT cache: the container build runs its IT alone,
 * last (a failsafe execution of its own in the container profile), and Quarkus records the JVM's
 * classes and method profiles while it runs, so the cache holds the paths real traffic takes.
 */
@QuarkusTest
class MixedLoadTest {

    static final int ROUNDS = 4;
    static final int PAGES_PER_ROUND = 2000;
    static final int SLEEPS_PER_ROUND = 300;

    @TestHTTPResource("/")
    URI root;

    @Test
    void everyRequestOfAMixedConcurrentLoadGetsItsOwnAnswer() throws Exception {
        Management.awaitReady(); // the warm-up's own requests are counted too
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String etag = client.send(get("/"), HttpResponse.BodyHandlers.discarding()).headers()
                .firstValue("ETag").orElseThrow();
        Map<String, Integer> counts = new TreeMap<>();
        ExecutorService crowd = Executors.newFixedThreadPool(SLEEPS_PER_ROUND);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<CompletableFuture<String>> answers = new ArrayList<>();
                for (int i = 0; i < PAGES_PER_ROUND; i++) {
                    answers.add(switch (i % 10) {
                        case 0 -> expect(client, get("/no/such/page-" + i), 404, ChapterPages::assertNotFoundPage);
                        case 1 -> expect(client, HttpRequest.newBuilder(root).method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(30)).build(), 200, body -> assertArrayEquals(new byte[0], body));
                        case 2 -> expect(client, HttpRequest.newBuilder(root).header("If-None-Match", etag)
                                .timeout(Duration.ofSeconds(30)).build(), 304, body -> assertArrayEquals(new byte[0], body));
                        case 3 -> expect(client, get("/sleep?seconds=0"), 200, ChapterPages::assertHelloPage);
                        case 4 -> expect(client, management("/q/health/ready"), 200, body -> { });
                        default -> expect(client, get("/?n=" + i), 200, ChapterPages::assertHelloPage);
                    });
                }
                // A crowd of short sleeps, each on a new connection: the accept path, timers, close.
                for (int i = 0; i < SLEEPS_PER_ROUND; i++) {
                    answers.add(CompletableFuture.supplyAsync(this::sleepOnNewConnection, crowd));
                }
                answers.add(expect(client, management("/q/metrics"), 200, body -> { }));
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                answers.forEach(answer -> counts.merge(answer.join(), 1, Integer::sum));
            }
        } finally {
            crowd.shutdownNow();
        }
        int tenth = ROUNDS * PAGES_PER_ROUND / 10;
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "200 GET /", 5 * tenth, "200 HEAD /", tenth, "304 GET /", tenth, "404 GET /no/such/page", tenth,
                "200 GET /sleep", tenth, "200 GET /q/health/ready", tenth, "200 GET /q/metrics", ROUNDS,
                "200 sleep on a new connection", ROUNDS * SLEEPS_PER_ROUND));
        assertEquals(expected, counts);
    }

    private HttpRequest management(String target) {
        URI base = URI.create("http://" + root.getHost() + ":" + Management.port() + "/");
        return HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofSeconds(30)).build();
    }

    private HttpRequest get(String target) {
        return HttpRequest.newBuilder(root.resolve(target)).timeout(Duration.ofSeconds(30)).build();
    }

    private static CompletableFuture<String> expect(HttpClient client, HttpRequest request, int status,
            Consumer<byte[]> body) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            assertEquals(status, response.statusCode(), request.method() + " " + request.uri());
            body.accept(response.body());
            String path = request.uri().getPath().replaceAll("-\\d+$", "");
            return status + " " + request.method() + " " + path;
        });
    }

    private String sleepOnNewConnection() {
        try {
            String response = RawHttp.exchange(root,
                    "GET /sleep?seconds=0.2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals("HTTP/1.1 200", response.substring(0, 12), response);
            ChapterPages.assertHelloPage(response.substring(response.indexOf("\r\n\r\n") + 4)
                    .getBytes(StandardCharsets.ISO_8859_1));
            return "200 sleep on a new connection";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
