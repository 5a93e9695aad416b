package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.QuarkusTest;

/** Every probe in k8s/ names a path the application serves with 200, on the port the probe names. */
@QuarkusTest
class ProbePathsTest {

    static void assertEveryProbeAnswers200(Deployment deployment) {
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<Probe> probes = Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .filter(Objects::nonNull).toList();
        assertFalse(probes.isEmpty(), "the Deployment has probes");
        for (Probe probe : probes) {
            String path = probe.getHttpGet().getPath();
            String port = String.valueOf(probe.getHttpGet().getPort().getValue());
            int status = switch (port) {
                case "management", "9000" -> Management.given().get(path).statusCode();
                case "http", "8080" -> given().get(path).statusCode();
                default -> throw new AssertionError("probe port " + port + " is neither http nor management");
            };
            assertEquals(200, status, "probe " + path + " on port " + port);
        }
    }

    @Test
    void everyProbePathInTheDeploymentAnswers200() throws InterruptedException {
        Management.awaitReady(); // the packaged application reports ready after its warm-up
        assertEveryProbeAnswers200(KubernetesManifestsTest.manifests().one(Deployment.class));
    }

    @Test
    void theCheckCatchesAProbeOnThePublicPort() {
        Deployment broken = new DeploymentBuilder(KubernetesManifestsTest.manifests().one(Deployment.class)).build();
        broken.getSpec().getTemplate().getSpec().getContainers().get(0).getLivenessProbe().getHttpGet()
                .setPort(new IntOrString("http"));
        assertThrows(AssertionError.class, () -> assertEveryProbeAnswers200(broken));
    }

    @Test
    void theCheckCatchesAMistypedProbePath() {
        Deployment broken = new DeploymentBuilder(KubernetesManifestsTest.manifests().one(Deployment.class)).build();
        broken.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().setPath("/q/health/readyz");
        assertThrows(AssertionError.class, () -> assertEveryProbeAnswers200(broken));
    }
}
