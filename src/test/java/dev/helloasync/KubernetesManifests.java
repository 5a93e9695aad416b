package dev.helloasync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The manifests under k8s/, read with the fabric8 Kubernetes model, as kustomize would assemble
 * them: the resources of every kustomization the root one includes, and the root's image mapping.
 */
record KubernetesManifests(List<HasMetadata> resources, Map<String, String> images, List<String> loadProblems) {

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class);

    /** Strict: a string where the model wants a number is an error, not a coercion. */
    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static KubernetesManifests load(Path kustomizeDir) {
        List<HasMetadata> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonNode kustomization = readTree(kustomizeDir.resolve("kustomization.yaml"));
        collect(kustomizeDir, kustomization, resources, problems);
        Map<String, String> images = new LinkedHashMap<>();
        for (JsonNode image : kustomization.path("images")) {
            images.put(image.path("name").asText(),
                    image.path("newName").asText(image.path("name").asText()) + ":" + image.path("newTag").asText("latest"));
        }
        return new KubernetesManifests(resources, images, problems);
    }

    private static void collect(Path dir, JsonNode kustomization, List<HasMetadata> into, List<String> problems) {
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, readTree(path.resolve("kustomization.yaml")), into, problems);
                continue;
            }
            try {
                into.add(parse(Files.readString(path)));
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What {@code kubectl kustomize dir} renders (patches, image overrides and deletions applied), read
     * the same way: the real renderer, for the overlays whose patches {@link #load} does not apply.
     */
    static KubernetesManifests render(Path kustomizeDir) {
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomizeDir.toString()).redirectErrorStream(true).start();
            String out = new String(kubectl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (kubectl.waitFor() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomizeDir + " failed: " + out);
            }
            List<HasMetadata> resources = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (String doc : out.split("(?m)^---\\s*$")) {
                if (doc.isBlank()) {
                    continue;
                }
                try {
                    resources.add(parse(doc));
                } catch (IllegalArgumentException e) {
                    problems.add(kustomizeDir + ": " + e.getMessage());
                }
            }
            return new KubernetesManifests(resources, Map.of(), problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One manifest, as its kind's model class; wrong types and unknown kinds are errors. */
    static HasMetadata parse(String yaml) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            String kind = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new IllegalArgumentException("unexpected kind " + kind + ", expected one of " + KINDS.keySet());
            }
            return YAML.treeToValue(tree, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("unreadable"), e);
        }
    }

    private static JsonNode readTree(Path path) {
        try {
            return YAML.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in k8s/, found " + found.size());
        }
        return found.get(0);
    }

}
