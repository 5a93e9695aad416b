package dev.helloasync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import sun.misc.Signal;

/**
 * SIGTERM (what Kubernetes and podman send) starts Quarkus's own orderly stop and ends with exit
 * status 0. Without it the JVM exits 143 after the same shutdown. The stop itself is Quarkus's:
 * readiness DOWN for quarkus.shutdown.delay while still serving, then requests in flight get up to
 * quarkus.shutdown.timeout to finish.
 */
@ApplicationScoped
public class ShutdownSignal {

    void onStart(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        }
    }
}
