package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;

/**
 * k8s/ passes every check, and every check catches its own deliberate break, so that a broken
 * manifest fails ./mvnw verify. No cluster and no kubectl needed.
 */
class KubernetesManifestsTest {

    static final Path K8S = Path.of("k8s");
    static final AppFacts APP = AppFacts.fromBuild();

    static KubernetesManifests manifests() {
        return KubernetesManifests.load(K8S);
    }

    @Test
    void theManifestsPassEveryCheck() {
        List<String> problems = ManifestChecks.problems(manifests(), APP);
        assertEquals(List.of(), problems, "problems in k8s/");
    }

    /**
     * Each overlay as kubectl renders it passes every check, except the deviations it exists for
     * (listed here, one by one: a new deviation fails the build until it is listed).
     */
    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("k8s", List.of()),
                Arguments.of("k8s/overlays/prometheus-operator", List.of()),
                Arguments.of("k8s/overlays/tracing", List.of()),
                Arguments.of("k8s/overlays/local", List.of(
                        "container hello-async runs image localhost/hello-async:0.1.0", // the locally built image
                        "Deployment replicas 1: run at least 2"))); // one pod for podman kube play
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyRenderedOverlayPassesTheChecksItKeeps(String dir, List<String> deviations) {
        assumeKubectl();
        List<String> problems = ManifestChecks.problems(KubernetesManifests.render(Path.of(dir)), APP);
        List<String> unexpected = problems.stream().filter(p -> deviations.stream().noneMatch(p::startsWith)).toList();
        assertEquals(List.of(), unexpected, "problems in the rendered " + dir);
        for (String deviation : deviations) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(deviation)), "the listed deviation is gone: " + deviation);
        }
    }

    @Test
    void aPodMonitorOnTheWrongPortIsCaught() {
        assumeKubectl();
        KubernetesManifests m = KubernetesManifests.render(Path.of("k8s/overlays/prometheus-operator"));
        m.one(PodMonitor.class).getSpec().getPodMetricsEndpoints().get(0).setPort("http");
        assertCaught(m, "is not /q/metrics on the management port");
        m.one(PodMonitor.class).getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/name", "other");
        assertCaught(m, "PodMonitor selector does not match");
    }

    @Test
    void anOtlpEndpointOnTheWrongPortOrNoUrlIsCaught() {
        assumeKubectl();
        KubernetesManifests m = KubernetesManifests.render(Path.of("k8s/overlays/tracing"));
        var env = m.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertEquals("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", env.get(0).getName(), "the overlay names the collector");
        env.get(0).setValue("http://otel-collector.observability.svc:4318");
        assertCaught(m, "OTLP endpoint port 4318 does not speak grpc");
        env.add(new io.fabric8.kubernetes.api.model.EnvVar("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", null));
        assertEquals(List.of(), ManifestChecks.problems(m, APP), "4318 with http/protobuf is right");
        env.get(0).setValue("otel-collector:4317");
        assertCaught(m, "needs http(s)://host:port");
    }

    @Test
    void aTypoInThePodMonitorIsCaught() throws IOException {
        String yaml = Files.readString(K8S.resolve("overlays/prometheus-operator/podmonitor.yaml"));
        // Inside an endpoint, and at the top of the spec (where the endpoints then go missing too).
        KubernetesManifests endpointTypo = withPodMonitor(yaml.replace("interval: 30s", "intervall: 30s"));
        assertCaught(endpointTypo, "unknown field(s) [intervall]");
        KubernetesManifests specTypo = withPodMonitor(yaml.replace("podMetricsEndpoints:", "podMetricEndpoints:"));
        assertCaught(specTypo, "unknown field(s) [podMetricEndpoints]");
        assertCaught(specTypo, "PodMonitor has no podMetricsEndpoints");
    }

    @Test
    void aPodMonitorWithoutEndpointsIsCaught() throws IOException {
        String yaml = Files.readString(K8S.resolve("overlays/prometheus-operator/podmonitor.yaml"));
        String without = yaml.substring(0, yaml.indexOf("  podMetricsEndpoints:"));
        assertCaught(withPodMonitor(without), "PodMonitor has no podMetricsEndpoints");
    }

    /** The base manifests with this PodMonitor added, as the prometheus-operator overlay adds it. */
    private static KubernetesManifests withPodMonitor(String yaml) {
        KubernetesManifests m = manifests();
        m.resources().add(KubernetesManifests.parse(yaml));
        return m;
    }

    @Test
    void aBrokenOverlayPatchIsCaughtOnceRendered() throws IOException {
        assumeKubectl();
        Path dir = Files.createDirectories(Path.of("target", "broken-overlay")); // kustomize wants a relative base
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources:
                  - %s
                patches:
                  - target:
                      kind: Deployment
                    patch: |-
                      - op: replace
                        path: /spec/template/spec/securityContext/runAsNonRoot
                        value: false
                      - op: replace
                        path: /spec/template/spec/containers/0/securityContext/runAsNonRoot
                        value: false
                """.formatted("../../k8s/base"));
        List<String> problems = ManifestChecks.problems(KubernetesManifests.render(dir), APP);
        assertTrue(problems.stream().anyMatch(p -> p.contains("runAsNonRoot")), "caught: " + problems);
    }

    /** kubectl renders the overlays; CI installs it, and there the test must not be skipped. */
    static void assumeKubectl() {
        boolean present = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("kubectl is needed to render the overlays (CI installs kubernetes-client)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "kubectl not on PATH: overlays not rendered");
    }

    @Test
    void theChecksReadTheApplicationsOwnSettings() {
        assertEquals(8080, APP.httpPort());
        assertEquals(9000, APP.managementPort());
        assertEquals(Duration.ofSeconds(40), APP.shutdownBudget());
        assertEquals("hello-async:" + System.getProperty("project.version"), APP.image());
        assertEquals(List.of("/q/health/started", "/q/health/live", "/q/health/ready"),
                ManifestChecks.probePaths(manifests().one(Deployment.class)));
    }

    @Test
    void anUnknownFieldIsCaught() throws IOException {
        String yaml = Files.readString(K8S.resolve("base/deployment.yaml"))
                .replace("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true");
        KubernetesManifests broken = withDeployment((Deployment) KubernetesManifests.parse(yaml));
        assertCaught(broken, "unknown field(s) [readOnlyRootFileSystem]");
    }

    @Test
    void aWrongTypeIsCaught() throws IOException {
        String yaml = Files.readString(K8S.resolve("base/deployment.yaml")).replace("replicas: 2", "replicas: two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesManifests.parse(yaml));
        assertTrue(e.getMessage().contains("Integer"), e.getMessage());
        String quoted = Files.readString(K8S.resolve("base/deployment.yaml")).replace("containerPort: 8080", "containerPort: \"8080\"");
        assertThrows(IllegalArgumentException.class, () -> KubernetesManifests.parse(quoted));
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken("Deployment selector",
                        m -> deployment(m).getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/name", "other")),
                broken("Service hello-async selector",
                        m -> m.one(Service.class).getSpec().getSelector().put("app.kubernetes.io/name", "other")),
                broken("targetPort web is not a container port",
                        m -> m.one(Service.class).getSpec().getPorts().get(0).setTargetPort(new IntOrString("web"))),
                broken("targetPort 9090 is not a container port",
                        m -> m.one(Service.class).getSpec().getPorts().get(0).setTargetPort(new IntOrString(9090))),
                broken("do not include quarkus.http.port 8080",
                        m -> container(m).getPorts().get(0).setContainerPort(9090)),
                broken("readinessProbe port",
                        m -> container(m).getReadinessProbe().getHttpGet().setPort(new IntOrString("admin"))),
                broken("readinessProbe must use the management port 9000",
                        m -> container(m).getReadinessProbe().getHttpGet().setPort(new IntOrString("http"))),
                broken("do not include the management port 9000",
                        m -> container(m).getPorts().removeIf(p -> "management".equals(p.getName()))),
                broken("Service hello-async exposes the management port",
                        m -> m.one(Service.class).getSpec().getPorts().add(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                                .withName("management").withPort(9000).withTargetPort(new IntOrString("management")).build())),
                broken("prometheus.io/port", m -> deployment(m).getSpec().getTemplate().getMetadata().getAnnotations()
                        .put("prometheus.io/port", "8080")),
                broken("prometheus.io/scrape", m -> deployment(m).getSpec().getTemplate().getMetadata().getAnnotations()
                        .remove("prometheus.io/scrape")),
                broken("progressDeadlineSeconds", m -> deployment(m).getSpec().setProgressDeadlineSeconds(null)),
                broken("progressDeadlineSeconds 60 does not cover", m -> deployment(m).getSpec().setProgressDeadlineSeconds(60)),
                broken("minReadySeconds", m -> deployment(m).getSpec().setMinReadySeconds(null)),
                broken("minReadySeconds 5 is shorter than", m -> deployment(m).getSpec().setMinReadySeconds(5)),
                broken("runAsNonRoot", m -> {
                    pod(m).getSecurityContext().setRunAsNonRoot(null);
                    container(m).getSecurityContext().setRunAsNonRoot(null);
                }),
                broken("runAsUser: 185", m -> container(m).getSecurityContext().setRunAsUser(0L)),
                broken("allowPrivilegeEscalation", m -> container(m).getSecurityContext().setAllowPrivilegeEscalation(null)),
                broken("capabilities.drop", m -> container(m).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW"))),
                broken("readOnlyRootFilesystem", m -> container(m).getSecurityContext().setReadOnlyRootFilesystem(false)),
                broken("seccompProfile", m -> {
                    pod(m).getSecurityContext().setSeccompProfile(null);
                    container(m).getSecurityContext().setSeccompProfile(null);
                }),
                broken("emptyDir mounted on /tmp", m -> container(m).getVolumeMounts().clear()),
                broken("must not be privileged", m -> container(m).getSecurityContext().setPrivileged(true)),
                broken("terminationGracePeriodSeconds 30 is not longer", m -> pod(m).setTerminationGracePeriodSeconds(30L)),
                broken("terminationGracePeriodSeconds 30 is not longer", m -> pod(m).setTerminationGracePeriodSeconds(null)),
                broken("runs image registry.example.com/other:1, Jib builds",
                        m -> m.images().put("hello-async", "registry.example.com/other:1")),
                broken("maxUnavailable: 0", m -> deployment(m).getSpec().getStrategy().getRollingUpdate()
                        .setMaxUnavailable(new IntOrString(1))),
                broken("replicas 1", m -> deployment(m).getSpec().setReplicas(1)),
                broken("automountServiceAccountToken", m -> pod(m).setAutomountServiceAccountToken(null)),
                broken("recommended label app.kubernetes.io/part-of",
                        m -> deployment(m).getSpec().getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/part-of")),
                broken("memory request and limit", m -> container(m).getResources().getLimits().remove("memory")),
                broken("no httpGet startupProbe", m -> container(m).setStartupProbe(null)),
                broken("topology spread", m -> pod(m).getTopologySpreadConstraints().clear()),
                broken("restricted: no host namespaces", m -> pod(m).setHostNetwork(true)),
                broken("restricted: no host namespaces", m -> pod(m).setHostPID(true)),
                broken("restricted: volume host is a hostPath", m -> pod(m).getVolumes().add(new VolumeBuilder()
                        .withName("host").withNewHostPath().withPath("/etc").endHostPath().build())),
                broken("adds capabilities [NET_ADMIN]",
                        m -> container(m).getSecurityContext().getCapabilities().setAdd(List.of("NET_ADMIN"))),
                broken("type must be ClusterIP", m -> m.one(Service.class).getSpec().setType("NodePort")),
                broken("PodDisruptionBudget selector does not match",
                        m -> m.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/name", "other")),
                broken("HorizontalPodAutoscaler targets Deployment/other",
                        m -> m.one(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef().setName("other")),
                broken("HorizontalPodAutoscaler has no CPU metric",
                        m -> m.one(HorizontalPodAutoscaler.class).getSpec().getMetrics().get(0).getResource().setName("memory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void everyDeliberateBreakIsCaught(String expected, Consumer<KubernetesManifests> breakIt) {
        KubernetesManifests m = manifests();
        breakIt.accept(m);
        assertCaught(m, expected);
    }

    @Test
    void aShutdownBudgetLongerThanTheGracePeriodIsCaught() {
        AppFacts slowShutdown = new AppFacts(APP.httpPort(), APP.managementPort(), Duration.ofSeconds(60), APP.longestSleep(), APP.warmUp(), APP.image());
        assertTrue(ManifestChecks.problems(manifests(), slowShutdown).stream()
                .anyMatch(p -> p.contains("terminationGracePeriodSeconds 45")));
        AppFacts shortTimeout = new AppFacts(APP.httpPort(), APP.managementPort(), Duration.ofSeconds(10), APP.longestSleep(), APP.warmUp(), APP.image());
        assertTrue(ManifestChecks.problems(manifests(), shortTimeout).stream()
                .anyMatch(p -> p.contains("does not cover the longest sleep")));
    }

    @Test
    void aWarmUpLongerThanTheRolloutDeadlineAllowsIsCaught() {
        assertTrue(ManifestChecks.problems(manifests(), APP).isEmpty(), "the manifests as they are pass");
        AppFacts slowWarmUp = new AppFacts(APP.httpPort(), APP.managementPort(), APP.shutdownBudget(), APP.longestSleep(),
                Duration.ofSeconds(60), APP.image());
        assertTrue(ManifestChecks.problems(manifests(), slowWarmUp).stream()
                .anyMatch(p -> p.contains("progressDeadlineSeconds 120 does not cover the longest start the probes allow (135 s)")),
                ManifestChecks.problems(manifests(), slowWarmUp).toString());
    }

    private static Arguments broken(String expected, Consumer<KubernetesManifests> breakIt) {
        return Arguments.of(expected, breakIt);
    }

    private static void assertCaught(KubernetesManifests m, String expected) {
        List<String> problems = ManifestChecks.problems(m, APP);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem containing '"
                + expected + "', got " + problems);
    }

    private static KubernetesManifests withDeployment(Deployment replacement) {
        KubernetesManifests m = manifests();
        m.resources().replaceAll(r -> r instanceof Deployment ? replacement : r);
        return m;
    }

    private static Deployment deployment(KubernetesManifests m) {
        return m.one(Deployment.class);
    }

    private static PodSpec pod(KubernetesManifests m) {
        return deployment(m).getSpec().getTemplate().getSpec();
    }

    private static Container container(KubernetesManifests m) {
        return pod(m).getContainers().get(0);
    }
}
