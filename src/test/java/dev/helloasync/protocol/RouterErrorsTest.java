package dev.helloasync.protocol;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import dev.helloasync.LogCapture;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A route that fails answers in the house error style: a bug of ours is a plain 500 with no stack
 * trace and no detail (the log has them), a client error raised by the router keeps its status.
 * Unit test only: the failing routes are test beans, not in the packaged application.
 */
@QuarkusTest
class RouterErrorsTest {

    @Test
    void anExceptionInARouteIsAPlain500WithoutDetailsAndLoggedAtError() {
        List<LogRecord> logged;
        try (LogCapture log = LogCapture.of(RouterErrors.class.getName())) {
            given().get("/test-only/throws").then()
                .statusCode(500)
                .contentType("text/plain; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'")
                .body(equalTo("500 Internal Server Error: the server failed to answer; its log says why\n"))
                .body(not(containsString("secret")));
            logged = log.records();
        }
        // The log has what the client does not: one ERROR record with the route and the exception.
        assertEquals(1, logged.size(), "records: " + logged);
        LogRecord record = logged.get(0);
        assertEquals("ERROR", record.getLevel().getName(), "level");
        assertTrue(record.getLevel().intValue() >= Level.SEVERE.intValue(), "at ERROR or above");
        assertTrue(String.valueOf(record.getThrown()).contains("a secret detail"), "the exception: " + record.getThrown());
    }

    @Test
    void aClientErrorRaisedInTheRouterKeepsItsStatusInHouseStyleAndIsNotAnError() {
        List<LogRecord> logged;
        try (LogCapture log = LogCapture.of(RouterErrors.class.getName())) {
            given().get("/test-only/fails-400").then()
                .statusCode(400)
                .contentType("text/plain; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .body(equalTo("400 Bad Request: the request is not well-formed HTTP/1.1\n"));
            logged = log.records();
        }
        // A client's mistake is not the server's error: nothing at WARN or above.
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()), "records: " + logged);
    }
}
