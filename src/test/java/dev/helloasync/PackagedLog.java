package dev.helloasync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The log of the packaged application an {@code *IT} runs against, as Quarkus's launcher keeps it
 * (target/quarkus.log, removed at each launch): the jar's JSON file log, or the container's standard
 * output (JSON lines). Each line parsed with Jackson; a line that is not JSON fails the test.
 */
final class PackagedLog {

    static final Path FILE = Path.of("target", "quarkus.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PackagedLog() {
    }

    static List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(FILE)) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                } else if (!line.isBlank() && !line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                    throw new AssertionError("not a JSON log line: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
