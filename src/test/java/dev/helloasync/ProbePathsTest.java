package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;

/** Every probe path in k8s/ is a path the application serves, with 200. */
@QuarkusTest
class ProbePathsTest {

    @Test
    void everyProbePathInTheDeploymentAnswers200() {
        List<String> paths = ManifestChecks.probePaths(KubernetesManifestsTest.manifests().one(Deployment.class));
        assertFalse(paths.isEmpty(), "the Deployment has probes");
        for (String path : paths) {
            assertEquals(200, given().get(path).statusCode(), "probe path " + path);
        }
    }

    @Test
    void aMistypedProbePathWouldNotPass() {
        // What the check above catches: a probe on a path the app does not serve gets the 404 page.
        assertEquals(404, given().get("/q/health/readyz").statusCode());
        assertEquals(404, given().get("/healthz").statusCode());
    }
}
