package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** hello.sleep.retry-after becomes whole seconds in Retry-After: rounded up, never 0. */
class RetryAfterTest {

    @ParameterizedTest
    @CsvSource({ "0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "2500, 3", "60000, 60" })
    void roundedUpToWholeSecondsAtLeastOne(long millis, long seconds) {
        assertEquals(seconds, HelloRoutes.retryAfterSeconds(Duration.ofMillis(millis)));
    }
}
