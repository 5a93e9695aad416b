package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SIGTERM with 200 sleeps in flight, against the packaged application (jar, native or container
 * image, whatever the build produced): readiness goes DOWN within the delay, every sleep still gets
 * its page, and the process exits 0 once they are done: not before (it waited for them), and well
 * before the 35 s shutdown timeout (it did not hang on to it). The delay is 3 s here (5 s by
 * default) and the sleeps last 8 s from before SIGTERM, so they outlast the delay by about 4 s and
 * the shutdown timeout has to wait for them. The lower bound is taken from before the sleeps were
 * sent (none can end sooner than 8 s after that), so a slow client cannot make a good exit look
 * early; an exit that did not wait comes about 4 s after the sends.
 */
class GracefulDrainIT {

    static final int SLEEPS = 200;
    static final Duration DELAY = Duration.ofSeconds(3);
    static final Duration SLEEP = Duration.ofSeconds(8);
    /** SIGTERM goes about this long after the sleeps were sent. */
    static final Duration BEFORE_SIGTERM = Duration.ofSeconds(1);

    @Test
    void sigtermDrainsEverySleepReportsNotReadyAndExitsZero() throws Exception {
        int port;
        int management;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
            port = socket.getLocalPort();
            management = other.getLocalPort();
        }
        Path log = Path.of("target", "graceful-drain.log");
        Process app = new ProcessBuilder(command(port, management)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            URI health = URI.create("http://127.0.0.1:" + management + "/q/health/ready");
            awaitStatus(client, health, 200, Duration.ofSeconds(60));

            HttpRequest sleep = HttpRequest.newBuilder(base.resolve("/sleep?seconds=" + SLEEP.toSeconds())).timeout(Duration.ofSeconds(60)).build();
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<byte[]>>> sleeps = IntStream.range(0, SLEEPS)
                    .mapToObj(i -> client.sendAsync(sleep, HttpResponse.BodyHandlers.ofByteArray())).toList();
            Thread.sleep(Math.max(0, BEFORE_SIGTERM.toMillis() - (System.nanoTime() - start) / 1_000_000));

            long sigterm = System.nanoTime();
            app.destroy(); // SIGTERM
            HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitStatus(probe, health, 503, DELAY);
            assertEquals(200, probe.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "/ is still served in the delay");

            CompletableFuture.allOf(sleeps.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (CompletableFuture<HttpResponse<byte[]>> response : sleeps) {
                assertEquals(200, response.join().statusCode());
                ChapterPages.assertHelloPage(response.join().body());
            }
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the process exited");
            long exited = System.nanoTime();
            long afterSends = (exited - start) / 1_000_000;
            long afterSigterm = (exited - sigterm) / 1_000_000;
            assertEquals(0, app.exitValue(), "exit status; log in " + log);
            // Not before the sleeps could have ended; and nowhere near the 35 s shutdown timeout.
            assertTrue(afterSends >= SLEEP.toMillis(), "exited " + afterSends + " ms after the sleeps were sent, before they could end");
            assertTrue(afterSigterm < SLEEP.toMillis() + 8_000, "exited " + afterSigterm + " ms after SIGTERM");
            assertTrue(Files.readString(log).contains("stopped in"), "Quarkus logged its stop");
            assertEveryLineIsAJsonLogRecord(log);
        } finally {
            app.destroyForcibly();
        }
    }

    /**
     * The prod profile logs JSON lines, each with the fields a log store indexes; read with Jackson,
     * a parser we did not write. podman adds nothing to the container's own lines.
     */
    static void assertEveryLineIsAJsonLogRecord(Path log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
        assertTrue(lines.size() >= 3, "start, shutdown and stop are logged: " + lines);
        for (String line : lines) {
            JsonNode record;
            try {
                record = json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
            for (String field : List.of("timestamp", "level", "loggerName", "message", "threadName")) {
                assertTrue(record.hasNonNull(field), "no " + field + " in " + line);
            }
        }
    }

    /**
     * The artifact the build produced, as target/quarkus-artifact.properties names it: a container
     * image runs under podman (attached: podman passes SIGTERM on and exits with the container's
     * status), as the pod runs it.
     */
    static List<String> command(int port, int management) throws IOException {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        String image = artifact.getProperty("metadata.container-image");
        if (image != null) {
            return List.of(System.getenv().getOrDefault("CONTAINER_RUNTIME", "podman"), "run", "--rm", "--read-only",
                    "--tmpfs", "/tmp:rw,exec,size=64m", "-p", "127.0.0.1:" + port + ":8080",
                    "-p", "127.0.0.1:" + management + ":9000",
                    "-e", "QUARKUS_SHUTDOWN_DELAY=" + DELAY.toMillis() + "ms", image);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        if (!artifact.getProperty("type").startsWith("native")) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + management);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.shutdown.delay=" + DELAY.toMillis() + "ms");
        if (artifact.getProperty("type").startsWith("native")) {
            command.add(0, path.toString());
        } else {
            command.add("-jar");
            command.add(path.toString());
        }
        return command;
    }

    static void awaitStatus(HttpClient client, URI uri, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        do {
            try {
                last = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == expected) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(uri + " answered " + last + ", not " + expected + ", within " + within);
    }
}
