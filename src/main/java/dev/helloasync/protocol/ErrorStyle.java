package dev.helloasync.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.FilterConfig;
import io.quarkus.vertx.http.runtime.HeaderConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;

/**
 * One style for every error the service sends, whoever produces it (our routes, Vert.x-web's router,
 * Netty's decoder via {@link ProtocolGuard}): a plain-text one-line body that names the status and
 * never repeats client bytes, {@code Cache-Control: no-store}, and the house headers that
 * {@code quarkus.http.filter.house} (or {@code quarkus.http.header.*}) puts on the service's answers,
 * read from that configuration, so the two never drift apart.
 */
@Singleton
public class ErrorStyle {

    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private final Map<String, String> houseHeaders = new LinkedHashMap<>();

    ErrorStyle(VertxHttpConfig http) {
        for (Map.Entry<String, HeaderConfig> header : http.header().entrySet()) {
            HeaderConfig config = header.getValue();
            if ("/*".equals(config.path()) && config.methods().isEmpty()) {
                houseHeaders.put(header.getKey(), config.value());
            }
        }
        // quarkus.http.filter.<name>: those that apply to the service's own paths (they match "/").
        for (FilterConfig filter : http.filter().values()) {
            if (filter.methods().isEmpty() && Pattern.matches(filter.matches(), "/")) {
                houseHeaders.putAll(filter.header());
            }
        }
    }

    /** The headers every answer carries (X-Content-Type-Options, Content-Security-Policy, ...). */
    public Map<String, String> houseHeaders() {
        return houseHeaders;
    }

    /** The one-line body for an error status: its code, its reason and what it means here. */
    public static String body(int status) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(status);
        return status + " " + known.reasonPhrase() + ": " + explanation(status) + "\n";
    }

    private static String explanation(int status) {
        return switch (status) {
            case 400 -> "the request is not well-formed HTTP/1.1";
            case 404 -> "no such page";
            case 413 -> "this server takes no request body that large";
            case 414 -> "the request line is too long";
            case 431 -> "the request's header fields are too large";
            case 505 -> "this server speaks HTTP/1.0 and HTTP/1.1 only";
            default -> status >= 500 ? "the server failed to answer; its log says why" : "the request cannot be served";
        };
    }
}
