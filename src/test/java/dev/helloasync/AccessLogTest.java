package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The access log: off unless switched on, then one combined-format line per request, /q/ left out. */
@QuarkusTest
@TestProfile(AccessLogTest.AccessLogOn.class)
class AccessLogTest {

    static final Path DIR = Path.of("target", "access-log-test");
    /** New in every run: a line from an earlier run (CI runs verify twice without clean) cannot match. */
    static final String RUN = UUID.randomUUID().toString();

    /** An empty directory for the log, as a fresh deployment would have. */
    static Path emptied(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class AccessLogOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", emptied(DIR).toString(),
                    "quarkus.http.access-log.base-file-name", "access");
        }
    }

    @Test
    void switchedOnItLogsCombinedLinesWithoutQ() throws Exception {
        given().header("User-Agent", "access-log-test").header("Referer", "http://example.test/").get("/?run=" + RUN).then().statusCode(200);
        given().get("/q/health/live").then().statusCode(404); // health is on the management port
        Management.given().get("/q/health/live").then().statusCode(200);
        given().get("/nope-" + RUN).then().statusCode(404);

        List<String> lines = List.of();
        for (int i = 0; i < 100 && lines.stream().noneMatch(l -> l.contains("/nope-" + RUN)); i++) {
            Thread.sleep(50);
            Path log = DIR.resolve("access.log");
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /\\?run=" + RUN + " HTTP/1\\.1\" 200 175 \"http://example\\.test/\" \"access-log-test\"")),
                "a combined line for /: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"GET /nope-" + RUN + " HTTP/1.1\" 404 205")), "the 404: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("/q/")), "nothing under /q/: " + lines);
    }
}
