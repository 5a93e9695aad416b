import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The floor: a plain Vert.x core server doing exactly hello-async's job and nothing else, so that
 * the benchmark can say what Quarkus, CDI, Micrometer, the protocol guard and the headers cost on
 * top of the Vert.x and Netty that hello-async runs on. One event loop (as the pod's), Netty's epoll
 * transport (as the image's), {@code GET /} the hello page, {@code GET /sleep[?seconds=N]} the page
 * after a Vert.x timer (5 s by default, 0-30 s, 400 otherwise), anything else the 404 page.
 * <p>
 * Compiled and run by bench/run.sh against the jars of {@code target/quarkus-app/lib/main} (the
 * same Vert.x and Netty, no download): {@code java -cp CLASSES:LIB/* VertxFloor PORT PAGES_DIR}.
 */
public final class VertxFloor {

    private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(30);

    private VertxFloor() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path pages = Path.of(args.length > 1 ? args[1] : "src/main/resources/pages");
        Buffer hello = Buffer.buffer(Files.readAllBytes(pages.resolve("hello.html")));
        Buffer notFound = Buffer.buffer(Files.readAllBytes(pages.resolve("404.html")));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(request -> handle(vertx, request, hello, notFound))
                .listen()
                .onSuccess(server -> System.out.println("floor listening on " + server.actualPort()
                        + (vertx.isNativeTransportEnabled() ? " (epoll)" : " (NIO)")))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private static void handle(Vertx vertx, HttpServerRequest request, Buffer hello, Buffer notFound) {
        HttpServerResponse response = request.response();
        String path = request.path();
        if ("/".equals(path)) {
            page(response, 200, hello);
        } else if ("/sleep".equals(path)) {
            long millis;
            try {
                millis = sleepMillis(request.getParam("seconds"));
            } catch (IllegalArgumentException e) {
                response.setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("400 Bad Request: " + e.getMessage() + "\n");
                return;
            }
            if (millis == 0) {
                page(response, 200, hello);
            } else {
                vertx.setTimer(millis, id -> page(response, 200, hello));
            }
        } else {
            page(response, 404, notFound);
        }
    }

    private static void page(HttpServerResponse response, int status, Buffer body) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, HTML).end(body);
    }

    private static long sleepMillis(String seconds) {
        if (seconds == null) {
            return 5_000;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seconds must be a decimal number");
        }
        if (value.signum() < 0 || value.compareTo(MAX_SECONDS) > 0) {
            throw new IllegalArgumentException("seconds must be between 0 and 30");
        }
        return value.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact();
    }
}
