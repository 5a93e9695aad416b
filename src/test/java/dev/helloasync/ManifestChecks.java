package dev.helloasync;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;

/**
 * Everything a careful platform team would check in k8s/ before applying it, as plain functions
 * from the manifests and the application's own settings to a list of problems.
 */
final class ManifestChecks {

    static final Set<String> RECOMMENDED_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of");
    static final long RUN_AS_USER = 185;

    private final KubernetesManifests manifests;
    private final AppFacts app;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(KubernetesManifests manifests, AppFacts app) {
        this.manifests = manifests;
        this.app = app;
    }

    static List<String> problems(KubernetesManifests manifests, AppFacts app) {
        ManifestChecks checks = new ManifestChecks(manifests, app);
        checks.problems.addAll(manifests.loadProblems());
        manifests.resources().forEach(r -> checks.unknownFields(r, r.getKind(), 0));
        Deployment deployment = manifests.one(Deployment.class);
        checks.deployment(deployment);
        checks.restricted(deployment.getSpec().getTemplate().getSpec());
        checks.services(deployment);
        checks.disruptionBudgets(deployment);
        checks.autoscalers(deployment);
        checks.podMonitors(deployment);
        checks.tracing(deployment);
        return checks.problems;
    }

    /** The HTTP paths the probes ask for; the application must serve each of them. */
    static List<String> probePaths(Deployment deployment) {
        return containers(deployment).stream()
                .flatMap(c -> Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()))
                .filter(Objects::nonNull).map(Probe::getHttpGet).filter(Objects::nonNull)
                .map(HTTPGetAction::getPath).toList();
    }

    private void problem(String text) {
        problems.add(text);
    }

    /**
     * A fabric8 model class of any API group the manifests use: Kubernetes' own and the Prometheus
     * Operator's PodMonitor (fabric8's openshift-model-monitoring), which Kubernetes' prefix misses.
     */
    static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.fabric8.openshift.api.model.");
    }

    /** fabric8 keeps fields it does not know in additionalProperties: a typo lands there. */
    private void unknownFields(Object node, String path, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, depth + 1));
            return;
        }
        if (!isModel(node.getClass())) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                problem(path + ": unreadable " + getter.getName() + ": " + e.getCause());
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problem(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String name = getter.getName().substring(3);
                unknownFields(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), depth + 1);
            }
        }
    }

    private void deployment(Deployment deployment) {
        var spec = deployment.getSpec();
        Map<String, String> podLabels = spec.getTemplate().getMetadata().getLabels();
        if (!matches(spec.getSelector(), podLabels)) {
            problem("Deployment selector " + spec.getSelector().getMatchLabels() + " does not match the pod labels " + podLabels);
        }
        for (String label : RECOMMENDED_LABELS) {
            if (podLabels == null || !podLabels.containsKey(label)
                    || !deployment.getMetadata().getLabels().containsKey(label)) {
                problem("Deployment or its pods lack the recommended label " + label);
            }
        }
        if (spec.getReplicas() == null || spec.getReplicas() < 2) {
            problem("Deployment replicas " + spec.getReplicas() + ": run at least 2");
        }
        var rolling = spec.getStrategy() == null ? null : spec.getStrategy().getRollingUpdate();
        if (rolling == null || !"RollingUpdate".equals(spec.getStrategy().getType())
                || !Objects.equals(new IntOrString(0), rolling.getMaxUnavailable())) {
            problem("Deployment strategy must be RollingUpdate with maxUnavailable: 0");
        }
        PodSpec pod = spec.getTemplate().getSpec();
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problem("automountServiceAccountToken must be false");
        }
        if (pod.getTopologySpreadConstraints() == null || pod.getTopologySpreadConstraints().stream()
                .noneMatch(t -> "kubernetes.io/hostname".equals(t.getTopologyKey()) && matches(t.getLabelSelector(), podLabels))) {
            problem("no topology spread across nodes (kubernetes.io/hostname) selecting the pods");
        }
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        if (grace <= app.shutdownBudget().toSeconds()) {
            problem("terminationGracePeriodSeconds " + grace + " is not longer than the shutdown budget "
                    + app.shutdownBudget() + " (quarkus.shutdown.delay + quarkus.shutdown.timeout)");
        }
        rollout(spec, pod);
        scrapeAnnotations(spec.getTemplate().getMetadata().getAnnotations());
        if (app.shutdownBudget().compareTo(app.longestSleep()) < 0) {
            problem("the shutdown budget " + app.shutdownBudget() + " does not cover the longest sleep " + app.longestSleep());
        }
        for (Container container : pod.getContainers()) {
            containerChecks(container);
        }
    }

    /**
     * A rollout that cannot succeed must fail, not hang: minReadySeconds covers a failing readiness
     * round (period x failureThreshold), so a pod that turns unready at once is not counted; and
     * progressDeadlineSeconds covers the longest start a probe allows (startup period x
     * failureThreshold), the longest warm-up readiness waits for (hello.warm-up.timeout), one
     * readiness period and minReadySeconds, so a slow but healthy pod is not declared a failure.
     */
    private void rollout(io.fabric8.kubernetes.api.model.apps.DeploymentSpec spec, PodSpec pod) {
        Container c = pod.getContainers().get(0);
        Probe startup = c.getStartupProbe();
        Probe readiness = c.getReadinessProbe();
        if (startup == null || readiness == null) {
            return; // reported by the probe checks
        }
        int readinessPeriod = orDefault(readiness.getPeriodSeconds(), 10);
        int readinessRound = readinessPeriod * orDefault(readiness.getFailureThreshold(), 3);
        Integer minReady = spec.getMinReadySeconds();
        if (minReady == null) {
            problem("Deployment has no minReadySeconds");
        } else if (minReady < readinessRound) {
            problem("minReadySeconds " + minReady + " is shorter than a failing readiness round (" + readinessRound + " s)");
        }
        int longestStart = orDefault(startup.getPeriodSeconds(), 10) * orDefault(startup.getFailureThreshold(), 3)
                + (int) app.warmUp().toSeconds() + readinessPeriod + (minReady == null ? 0 : minReady);
        Integer deadline = spec.getProgressDeadlineSeconds();
        if (deadline == null) {
            problem("Deployment has no progressDeadlineSeconds (the default 600 s leaves a broken rollout hanging)");
        } else if (deadline <= longestStart) {
            problem("progressDeadlineSeconds " + deadline + " does not cover the longest start the probes allow ("
                    + longestStart + " s)");
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The conventional annotations Prometheus's kubernetes_sd relabelling reads. */
    private void scrapeAnnotations(Map<String, String> annotations) {
        Map<String, String> expected = Map.of("prometheus.io/scrape", "true",
                "prometheus.io/port", String.valueOf(app.managementPort()), "prometheus.io/path", "/q/metrics");
        expected.forEach((key, value) -> {
            String actual = annotations == null ? null : annotations.get(key);
            if (!value.equals(actual)) {
                problem("pod annotation " + key + " is " + actual + ", expected " + value);
            }
        });
    }

    private void containerChecks(Container c) {
        String image = manifests.images().getOrDefault(c.getImage(), c.getImage());
        if (!app.image().equals(image)) {
            problem("container " + c.getName() + " runs image " + image + ", Jib builds " + app.image());
        }
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        if (ports.stream().noneMatch(p -> p.getContainerPort() == app.httpPort())) {
            problem("container " + c.getName() + " ports " + ports.stream().map(ContainerPort::getContainerPort).toList()
                    + " do not include quarkus.http.port " + app.httpPort());
        }
        ports.stream().filter(p -> "http".equals(p.getName()) && p.getContainerPort() != app.httpPort())
                .forEach(p -> problem("port http is " + p.getContainerPort() + ", quarkus.http.port is " + app.httpPort()));
        if (ports.stream().noneMatch(p -> p.getContainerPort() == app.managementPort() && "management".equals(p.getName()))) {
            problem("container " + c.getName() + " ports " + ports.stream().map(ContainerPort::getContainerPort).toList()
                    + " do not include the management port " + app.managementPort() + " named management");
        }
        Map<String, Probe> probes = new java.util.LinkedHashMap<>();
        probes.put("startupProbe", c.getStartupProbe());
        probes.put("livenessProbe", c.getLivenessProbe());
        probes.put("readinessProbe", c.getReadinessProbe());
        probes.forEach((name, probe) -> {
            if (probe == null || probe.getHttpGet() == null) {
                problem("container " + c.getName() + " has no httpGet " + name);
            } else if (!isContainerPort(c, probe.getHttpGet().getPort())) {
                problem(name + " port " + probe.getHttpGet().getPort().getValue() + " is not a container port");
            } else if (portNumber(c, probe.getHttpGet().getPort()) != app.managementPort()) {
                problem(name + " must use the management port " + app.managementPort() + ", uses "
                        + probe.getHttpGet().getPort().getValue());
            }
        });
        var resources = c.getResources();
        for (String kind : List.of("cpu", "memory")) {
            if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(kind)
                    || resources.getLimits() == null || !resources.getLimits().containsKey(kind)) {
                problem("container " + c.getName() + " needs a " + kind + " request and limit");
            }
        }
    }

    /** Pod Security Standard "restricted", and a read-only root with a writable /tmp. */
    private void restricted(PodSpec pod) {
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            problem("restricted: no host namespaces");
        }
        for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            if (volume.getHostPath() != null) {
                problem("restricted: volume " + volume.getName() + " is a hostPath");
            }
        }
        for (Container c : pod.getContainers()) {
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            String where = "restricted: container " + c.getName() + " ";
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                problem(where + "needs runAsNonRoot: true");
            }
            Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
            if (user == null || user != RUN_AS_USER) {
                problem(where + "needs runAsUser: " + RUN_AS_USER + ", has " + user);
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problem(where + "needs allowPrivilegeEscalation: false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problem(where + "must not be privileged");
            }
            var caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                problem(where + "needs capabilities.drop: [ALL]");
            }
            if (caps != null && caps.getAdd() != null && caps.getAdd().stream().anyMatch(a -> !"NET_BIND_SERVICE".equals(a))) {
                problem(where + "adds capabilities " + caps.getAdd());
            }
            var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podContext.getSeccompProfile();
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                problem(where + "needs seccompProfile.type: RuntimeDefault");
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problem(where + "needs readOnlyRootFilesystem: true");
            }
            boolean tmpIsEmptyDir = c.getVolumeMounts() != null && c.getVolumeMounts().stream()
                    .filter(m -> "/tmp".equals(m.getMountPath()))
                    .anyMatch(m -> pod.getVolumes() != null && pod.getVolumes().stream()
                            .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
            if (!tmpIsEmptyDir) {
                problem(where + "needs an emptyDir mounted on /tmp");
            }
        }
    }

    private void services(Deployment deployment) {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (Service service : manifests.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
                problem("Service " + service.getMetadata().getName() + " selector " + selector + " does not match the pod labels");
            }
            if (!"ClusterIP".equals(service.getSpec().getType())) {
                problem("Service " + service.getMetadata().getName() + " type must be ClusterIP");
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                if (containers(deployment).stream().noneMatch(c -> isContainerPort(c, target))) {
                    problem("Service port " + port.getName() + " targetPort " + target.getValue() + " is not a container port");
                } else if (containers(deployment).stream().anyMatch(c -> portNumber(c, target) == app.managementPort())) {
                    problem("Service " + service.getMetadata().getName() + " exposes the management port " + app.managementPort()
                            + " (health and metrics): expose only http");
                }
            }
        }
    }

    /** A PodMonitor (Prometheus Operator) selects the pods and scrapes /q/metrics on the management port. */
    private void podMonitors(Deployment deployment) {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (PodMonitor monitor : manifests.all(PodMonitor.class)) {
            if (!matches(monitor.getSpec().getSelector(), podLabels)) {
                problem("PodMonitor selector does not match the pod labels");
            }
            var endpoints = monitor.getSpec().getPodMetricsEndpoints();
            if (endpoints == null || endpoints.isEmpty()) {
                problem("PodMonitor has no podMetricsEndpoints");
                continue;
            }
            for (var endpoint : endpoints) {
                boolean management = containers(deployment).stream()
                        .anyMatch(c -> endpoint.getPort() != null && portNumber(c, new IntOrString(endpoint.getPort())) == app.managementPort());
                if (!management || !"/q/metrics".equals(endpoint.getPath())) {
                    problem("PodMonitor endpoint " + endpoint.getPort() + endpoint.getPath()
                            + " is not /q/metrics on the management port");
                }
            }
        }
    }

    private void disruptionBudgets(Deployment deployment) {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            if (!matches(pdb.getSpec().getSelector(), podLabels)) {
                problem("PodDisruptionBudget selector does not match the pod labels");
            }
        }
    }

    private void autoscalers(Deployment deployment) {
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(target.getKind()) || !deployment.getMetadata().getName().equals(target.getName())) {
                problem("HorizontalPodAutoscaler targets " + target.getKind() + "/" + target.getName()
                        + ", not Deployment/" + deployment.getMetadata().getName());
            }
            if (hpa.getSpec().getMetrics() == null || hpa.getSpec().getMetrics().stream()
                    .noneMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName()))) {
                problem("HorizontalPodAutoscaler has no CPU metric");
            }
        }
    }

    /**
     * The OTLP exporter's settings, where a Deployment sets them: an endpoint Quarkus accepts (an
     * absolute http or https URL with a host and a port), and a port that speaks the protocol asked
     * for (4317 is OTLP/gRPC, 4318 OTLP/HTTP: the wrong pair exports nothing).
     */
    private void tracing(Deployment deployment) {
        for (Container container : containers(deployment)) {
            Map<String, String> env = new HashMap<>();
            if (container.getEnv() != null) {
                container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
            }
            String endpoint = env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
            if (endpoint == null) {
                continue;
            }
            String protocol = env.getOrDefault("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", AppFacts.otlpProtocol());
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                problem("container " + container.getName() + " OTLP endpoint " + endpoint + " is not a URL");
                continue;
            }
            if (!List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                problem("container " + container.getName() + " OTLP endpoint " + endpoint + " needs http(s)://host:port");
            } else if ((uri.getPort() == 4318 && protocol.equals("grpc")) || (uri.getPort() == 4317 && !protocol.equals("grpc"))) {
                problem("container " + container.getName() + " OTLP endpoint port " + uri.getPort() + " does not speak " + protocol);
            }
        }
    }

    private static List<Container> containers(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers();
    }

    private static int portNumber(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .mapToInt(ContainerPort::getContainerPort).findFirst().orElse(-1);
    }

    private static boolean isContainerPort(Container c, IntOrString port) {
        if (port == null || c.getPorts() == null) {
            return false;
        }
        return c.getPorts().stream().anyMatch(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName())
                : Objects.equals(port.getIntVal(), p.getContainerPort()));
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty())
                && labels != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
