package dev.helloasync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A small OTLP trace receiver for the tests: a Vert.x server that takes what Quarkus's exporter sends,
 * over http/protobuf ({@code POST /v1/traces}) or gRPC ({@code TraceService/Export} on cleartext
 * HTTP/2), and decodes it with OpenTelemetry's own protobuf classes. The exporter is told its address
 * (init arg {@code protocol}: {@code http/protobuf} or {@code grpc}).
 * <p>
 * The tests read what it got over HTTP ({@code GET /received}: every request so far, merged into one
 * {@code ExportTraceServiceRequest}), not through a static field: under {@code @QuarkusTest} the test
 * and this resource may sit in different class loaders. Its address is a system property.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    static final String ADDRESS = "otlp-receiver.address";
    static final String GRPC_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private final List<ResourceSpans> received = new CopyOnWriteArrayList<>();
    private String protocol = "http/protobuf";
    private boolean container;
    private Vertx vertx;
    private HttpServer server;
    private Map<String, String> config = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        protocol = initArgs.getOrDefault("protocol", protocol);
    }

    /** Only for {@code @QuarkusIntegrationTest}: is the application a container image? */
    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        Path artifact = Path.of("target", "quarkus-artifact.properties");
        if (Files.exists(artifact)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(artifact)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            container = properties.getProperty("metadata.container-image") != null;
        }
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        // A container reaches the host through podman's gateway name, so then listen beyond loopback.
        String bind = container ? "0.0.0.0" : "127.0.0.1";
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(bind).setPort(0).setHttp2ClearTextEnabled(true))
                    .requestHandler(this::handle)
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the OTLP receiver could not listen", e);
        }
        int port = server.actualPort();
        System.setProperty(ADDRESS, "http://127.0.0.1:" + port);
        String host = container ? "host.containers.internal" : "127.0.0.1";
        config = Map.of("quarkus.otel.exporter.otlp.endpoint", "http://" + host + ":" + port,
                "quarkus.otel.exporter.otlp.protocol", protocol,
                // export every 100 ms rather than every 5 s, so the tests wait little
                "quarkus.otel.bsp.schedule.delay", "100ms");
        return config;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            switch (request.path()) {
                case "/v1/traces" -> {
                    received.addAll(decode(body.getBytes()).getResourceSpansList());
                    request.response().putHeader("content-type", "application/x-protobuf")
                            .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
                }
                case GRPC_PATH -> {
                    // a gRPC message: 1 byte compressed flag (0), 4 bytes length, the protobuf
                    byte[] framed = body.getBytes();
                    byte[] message = new byte[framed.length - 5];
                    System.arraycopy(framed, 5, message, 0, message.length);
                    received.addAll(decode(message).getResourceSpansList());
                    byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                    Buffer reply = Buffer.buffer().appendByte((byte) 0).appendInt(answer.length).appendBytes(answer);
                    request.response().putHeader("content-type", "application/grpc")
                            .putTrailer("grpc-status", "0").end(reply);
                }
                case "/received" -> request.response().end(Buffer.buffer(
                        ExportTraceServiceRequest.newBuilder().addAllResourceSpans(received).build().toByteArray()));
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    private static ExportTraceServiceRequest decode(byte[] bytes) {
        try {
            return ExportTraceServiceRequest.parseFrom(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        System.clearProperty(ADDRESS);
        // Quarkus's integration-test extension (3.33) sets what start() returned as system properties
        // of the test JVM and restores them only when the whole run ends; meanwhile it passes every
        // quarkus.* system property on to the next packaged application it launches. Without this,
        // TracingOffIT (run after TracingIT) got this receiver's endpoint and tracing was on.
        config.keySet().forEach(System::clearProperty);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Everything the receiver has been sent so far, as the test's JVM reads it from the receiver. */
    public static List<ResourceSpans> received() {
        String address = System.getProperty(ADDRESS);
        if (address == null) {
            throw new IllegalStateException("no OTLP receiver is running");
        }
        try {
            // HTTP/1.1: the JDK's client would otherwise offer an h2c upgrade
            HttpResponse<byte[]> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(address + "/received")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new ArrayList<>(decode(response.body()).getResourceSpansList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
