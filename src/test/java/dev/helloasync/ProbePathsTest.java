package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.QuarkusTest;

/** Every probe path in k8s/ is a path the application serves, with 200. */
@QuarkusTest
class ProbePathsTest {

    static void assertEveryProbeAnswers200(Deployment deployment) {
        List<String> paths = ManifestChecks.probePaths(deployment);
        assertFalse(paths.isEmpty(), "the Deployment has probes");
        for (String path : paths) {
            assertEquals(200, given().get(path).statusCode(), "probe path " + path);
        }
    }

    @Test
    void everyProbePathInTheDeploymentAnswers200() {
        assertEveryProbeAnswers200(KubernetesManifestsTest.manifests().one(Deployment.class));
    }

    @Test
    void theCheckCatchesAMistypedProbePath() {
        Deployment broken = new DeploymentBuilder(KubernetesManifestsTest.manifests().one(Deployment.class)).build();
        broken.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().setPath("/q/health/readyz");
        assertThrows(AssertionError.class, () -> assertEveryProbeAnswers200(broken));
    }
}
