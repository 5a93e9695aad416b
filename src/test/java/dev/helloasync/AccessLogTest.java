package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The access log: off unless switched on, then one combined-format line per request, /q/ left out. */
@QuarkusTest
@TestProfile(AccessLogTest.AccessLogOn.class)
class AccessLogTest {

    static final Path DIR = Path.of("target", "access-log-test");

    public static class AccessLogOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", DIR.toString(),
                    "quarkus.http.access-log.base-file-name", "access");
        }
    }

    @Test
    void offByDefault() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            defaults.load(in);
        }
        assertEquals("false", defaults.getProperty("quarkus.http.access-log.enabled"));
    }

    @Test
    void switchedOnItLogsCombinedLinesWithoutQ() throws Exception {
        given().header("User-Agent", "access-log-test").header("Referer", "http://example.test/").get("/?x=1").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/nope").then().statusCode(404);

        List<String> lines = List.of();
        for (int i = 0; i < 100 && lines.stream().noneMatch(l -> l.contains("/nope")); i++) {
            Thread.sleep(50);
            Path log = DIR.resolve("access.log");
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /\\?x=1 HTTP/1\\.1\" 200 175 \"http://example\\.test/\" \"access-log-test\"")),
                "a combined line for /: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"GET /nope HTTP/1.1\" 404 205")), "the 404: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("/q/")), "nothing under /q/: " + lines);
    }
}
