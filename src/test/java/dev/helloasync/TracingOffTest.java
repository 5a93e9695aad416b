package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without an OTLP endpoint, tracing is off: requests served, no span sent, no connection tried to the
 * exporter's default ports (4317 for gRPC, 4318 for HTTP, which this test holds and watches), nothing
 * logged at WARN or above.
 */
@QuarkusTest
@TestProfile(TracingOffTest.NoEndpoint.class)
public class TracingOffTest {

    public static class NoEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Were anything exporting, it would try within 100 ms (Quarkus's default: every 5 s).
            return Map.of("quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    @Test
    void noEndpointMeansNoSpanNoConnectionAndNoWarning() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket grpc = listen(4317); ServerSocket http = listen(4318); LogCapture log = LogCapture.of("")) {
            List<Thread> watchers = List.of(watch(grpc, connections), watch(http, connections));
            for (int i = 0; i < 20; i++) {
                given().get("/").then().statusCode(200);
                given().get("/nope").then().statusCode(404);
            }
            given().get("/sleep?seconds=0.2").then().statusCode(200);
            Thread.sleep(1500); // 15 export periods
            assertEquals(0, connections.get(), "connections to the default OTLP ports");
            List<String> warnings = warnings(log);
            assertTrue(warnings.isEmpty(), "nothing at WARN: " + warnings);
            for (Thread watcher : watchers) {
                watcher.interrupt();
            }
        }
    }

    /** The messages logged at WARN or above: in process, what the log captured while the test ran. */
    protected List<String> warnings(LogCapture log) {
        return log.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(100);
        return socket;
    }

    private static Thread watch(ServerSocket socket, AtomicInteger connections) {
        Thread watcher = new Thread(() -> {
            while (!socket.isClosed() && !Thread.currentThread().isInterrupted()) {
                try (Socket accepted = socket.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // look again
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "otlp-port-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
