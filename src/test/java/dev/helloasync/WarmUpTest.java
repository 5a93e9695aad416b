package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** {@link WarmUp}'s readiness before any server runs; the warm-up itself is WarmUpReadinessTest's. */
class WarmUpTest {

    static HelloConfig.WarmUp config(int requests, Duration timeout) {
        return new HelloConfig.WarmUp() {
            @Override
            public int requests() {
                return requests;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    @Test
    void notReadyUntilTheWarmUpHasRun() {
        HealthCheckResponse response = new WarmUp(null, config(10, Duration.ofSeconds(20)), "\"x\"").call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(WarmUp.NAME, response.getName());
    }

    @Test
    void noWarmUpMeansReadyAtOnce() {
        assertEquals(HealthCheckResponse.Status.UP, new WarmUp(null, config(0, Duration.ofSeconds(20)), "\"x\"").call().getStatus());
    }

    @Test
    void aNegativeNumberOfRequestsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WarmUp(null, config(-1, Duration.ofSeconds(20)), "\"x\""));
        assertTrue(e.getMessage().contains("hello.warm-up.requests"), e.getMessage());
    }
}
