package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parsing and the limits of {@link SleepGate}, without a server. */
class SleepGateTest {

    static final Duration IDLE = Duration.ofSeconds(75);

    static HelloConfig.Sleep config(Duration duration, Duration max) {
        return config(duration, max, 10);
    }

    static HelloConfig.Sleep config(Duration duration, Duration max, int maxInFlight) {
        return new HelloConfig.Sleep() {
            @Override
            public Duration duration() {
                return duration;
            }

            @Override
            public Duration max() {
                return max;
            }

            @Override
            public int maxInFlight() {
                return maxInFlight;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(1);
            }
        };
    }

    private final SleepGate gate = new SleepGate(config(Duration.ofSeconds(5), Duration.ofSeconds(30)), IDLE, null, new SimpleMeterRegistry());

    @Test
    void noSecondsMeansTheConfiguredDefault() {
        assertEquals(Duration.ofSeconds(5), gate.waitFor(List.of()));
    }

    @ParameterizedTest
    @CsvSource({ "0,0", "0.0,0", "2,2000", "0.25,250", ".5,500", "1.,1000", "+3,3000", "30,30000", "30.000,30000",
            "0.0001,1", "00012,12000" })
    void plainDecimalsUpToTheMaximumAreAccepted(String seconds, long millis) {
        assertEquals(Duration.ofMillis(millis), gate.waitFor(List.of(seconds)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1", "-0.001", "30.001", "31", "1e1", "abc", "", " 1", "1 ", "NaN", "Infinity", "0x1", "1d",
            ".", "1..2", "--1" })
    void everythingElseIsABadSleep(String seconds) {
        SleepGate.BadSleep bad = assertThrows(SleepGate.BadSleep.class, () -> gate.waitFor(List.of(seconds)));
        assertTrue(bad.getMessage().startsWith("seconds "), bad.getMessage());
    }

    @Test
    void theReasonNamesTheConfiguredMaximum() {
        SleepGate small = new SleepGate(config(Duration.ofMillis(500), Duration.ofMillis(2500)), IDLE, null, new SimpleMeterRegistry());
        assertEquals("seconds must be between 0 and 2.5",
                assertThrows(SleepGate.BadSleep.class, () -> small.waitFor(List.of("3"))).getMessage());
    }

    @Test
    void repeatedSecondsIsABadSleep() {
        assertThrows(SleepGate.BadSleep.class, () -> gate.waitFor(List.of("1", "2")));
    }

    @Test
    void aDefaultAboveTheMaximumIsRefusedAtStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SleepGate(config(Duration.ofSeconds(40), Duration.ofSeconds(30)), IDLE, null, new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("hello.sleep.duration"), e.getMessage());
    }

    @Test
    void negativeDurationsAreRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class,
                () -> new SleepGate(config(Duration.ofSeconds(-1), Duration.ofSeconds(30)), IDLE, null, new SimpleMeterRegistry()));
        assertThrows(IllegalArgumentException.class,
                () -> new SleepGate(config(Duration.ZERO, Duration.ofSeconds(-1)), IDLE, null, new SimpleMeterRegistry()));
    }

    @Test
    void aLimitBelowOneIsRefusedAtStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SleepGate(config(Duration.ofSeconds(5), Duration.ofSeconds(30), 0), IDLE, null, new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("max-in-flight"), e.getMessage());
        new SleepGate(config(Duration.ofSeconds(5), Duration.ofSeconds(30), 1), IDLE, null, new SimpleMeterRegistry());
    }

    @Test
    void aMaximumNotBelowTheIdleTimeoutIsRefusedAtStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SleepGate(config(Duration.ofSeconds(5), IDLE), IDLE, null, new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("quarkus.http.idle-timeout"), e.getMessage());
        new SleepGate(config(Duration.ofSeconds(5), IDLE.minusMillis(1)), IDLE, null, new SimpleMeterRegistry());
    }
}
