package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The access log is off unless switched on: with only its file settings given (as a user who points
 * it at a file but leaves quarkus.http.access-log.enabled alone), requests write nothing.
 */
@QuarkusTest
@TestProfile(AccessLogOffTest.FileButNotEnabled.class)
class AccessLogOffTest {

    static final Path DIR = Path.of("target", "access-log-off-test");

    public static class FileButNotEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", AccessLogTest.emptied(DIR).toString(),
                    "quarkus.http.access-log.base-file-name", "access");
        }
    }

    @Test
    void offByDefault() throws Exception {
        given().get("/").then().statusCode(200);
        given().get("/nope").then().statusCode(404);
        Thread.sleep(500); // the access log writes asynchronously; AccessLogTest sees its lines well within this
        Path log = DIR.resolve("access.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        assertTrue(lines.isEmpty(), "access log lines: " + lines);
    }
}
