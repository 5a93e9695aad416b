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
 * output (JSON lines), each parsed with Jackson. Lines that are not JSON are not the application's
 * (podman's own, such as "failed to connect to syslog", or the JVM's JAVA_TOOL_OPTIONS notice) and are
 * left out; GracefulDrainIT holds the application to one JSON object per line.
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
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
