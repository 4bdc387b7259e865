package io.leadflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s: the Kustomize base and overlay parse, list every manifest, and hold what a cluster needs: the four
 * services with probes, resources, images, env and autoscaling, Strimzi's Kafka in KRaft with every topic, and a
 * ServiceMonitor giving the job names the alerts and dashboards use.
 */
class KubernetesManifestsTest {

    static final Path K8S = Repo.DEPLOY.resolve("k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path OVERLAY = K8S.resolve("overlays/production");
    static final Map<String, Integer> SERVICES = ComposeFileTest.SERVICES;
    static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    record Manifest(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.at("/metadata/name").asText();
        }
    }

    static List<Manifest> manifests(Path directory) {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : Repo.files(directory, ".yaml")) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                Repo.yamlDocuments(file).forEach(node -> manifests.add(new Manifest(file, node)));
            }
        }
        return manifests;
    }

    static List<Manifest> base() {
        return manifests(BASE);
    }

    static Manifest one(String kind, String name) {
        List<Manifest> found = base().stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyManifestNamesItsKindAndAValidName() {
        SoftAssertions softly = new SoftAssertions();
        List<Manifest> all = new ArrayList<>(base());
        all.addAll(manifests(OVERLAY));
        assertThat(all).hasSizeGreaterThan(20);
        for (Manifest manifest : all) {
            String at = Repo.ROOT.relativize(manifest.file()) + " " + manifest.kind() + " " + manifest.name();
            softly.assertThat(manifest.node().path("apiVersion").asText()).as(at + " apiVersion").isNotBlank();
            softly.assertThat(manifest.kind()).as(at + " kind").isNotBlank();
            softly.assertThat(manifest.name()).as(at + " name").matches(DNS_NAME);
        }
        softly.assertAll();
    }

    @Test
    void kustomizationsListEveryFileAndTheOverlayBuildsOnTheBase() throws Exception {
        JsonNode base = Repo.yaml(BASE.resolve("kustomization.yaml"));
        Set<String> listed = new HashSet<>();
        base.path("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> present = new HashSet<>();
        for (Path file : Repo.files(BASE, ".yaml")) {
            present.add(file.getFileName().toString());
        }
        present.remove("kustomization.yaml");
        assertThat(listed).isEqualTo(present);

        JsonNode overlay = Repo.yaml(OVERLAY.resolve("kustomization.yaml"));
        assertThat(overlay.path("namespace").asText()).isEqualTo("leadflow");
        List<String> resources = new ArrayList<>();
        overlay.path("resources").forEach(resource -> resources.add(resource.asText()));
        assertThat(resources).contains("../../base");
        for (String resource : resources) {
            assertThat(OVERLAY.resolve(resource)).exists();
        }
        for (JsonNode patch : overlay.path("patches")) {
            Path file = OVERLAY.resolve(patch.path("path").asText());
            assertThat(file).exists();
            for (JsonNode node : Repo.yamlDocuments(file)) {
                // A patch must name something the base has, or kustomize fails.
                one(node.path("kind").asText(), node.at("/metadata/name").asText());
            }
        }
        Set<String> images = new HashSet<>();
        overlay.path("images").forEach(image -> images.add(image.path("name").asText()));
        SERVICES.keySet().forEach(name -> assertThat(images).contains("leadflow/" + name + "-service"));
    }

    @Test
    void eachServiceRunsWithProbesResourcesABoundedHeapAndItsSettings() {
        JsonNode common = one("ConfigMap", "leadflow-common").node().path("data");
        JsonNode secrets = one("Secret", "leadflow-secrets").node().path("stringData");
        SoftAssertions softly = new SoftAssertions();
        SERVICES.forEach((name, port) -> {
            JsonNode deployment = one("Deployment", name).node();
            JsonNode pod = deployment.at("/spec/template");
            softly.assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).as(name)
                    .isEqualTo(name).isEqualTo(pod.at("/metadata/labels/app.kubernetes.io~1name").asText());
            JsonNode container = pod.at("/spec/containers/0");
            softly.assertThat(container.path("image").asText()).as(name).startsWith("leadflow/" + name + "-service:");
            softly.assertThat(container.at("/ports/0/name").asText()).as(name).isEqualTo("http");
            softly.assertThat(container.at("/ports/0/containerPort").asInt()).as(name).isEqualTo(port);
            softly.assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name)
                    .isEqualTo("/q/health/live");
            softly.assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name)
                    .isEqualTo("/q/health/ready");
            softly.assertThat(container.at("/livenessProbe/httpGet/port").asText()).as(name).isEqualTo("http");
            softly.assertThat(container.at("/readinessProbe/httpGet/port").asText()).as(name).isEqualTo("http");
            for (String resource : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
                softly.assertThat(container.at("/resources" + resource).asText()).as(name + resource).isNotBlank();
            }
            long limit = mebibytes(container.at("/resources/limits/memory").asText());
            long heap = heapMebibytes(common.path("JAVA_OPTS").asText()).orElse(Long.MAX_VALUE);
            softly.assertThat(heap).as(name + " -Xmx below the memory limit").isLessThan(limit);

            Map<String, JsonNode> env = new HashMap<>();
            container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
            softly.assertThat(container.at("/envFrom/0/configMapRef/name").asText()).as(name)
                    .isEqualTo("leadflow-common");
            softly.assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").path("value").asText()).as(name)
                    .isEqualTo("postgresql://$(LEADFLOW_POSTGRES_HOST):5432/" + name);
            softly.assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText()).as(name)
                    .isEqualTo("jdbc:postgresql://$(LEADFLOW_POSTGRES_HOST):5432/" + name);
            softly.assertThat(env.get("QUARKUS_DATASOURCE_USERNAME").path("value").asText()).as(name)
                    .isEqualTo(name);
            softly.assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/key").asText())
                    .as(name).isEqualTo(name + "-db-password");
            softly.assertThat(env.get("QUARKUS_HTTP_PORT").path("value").asInt()).as(name).isEqualTo(port);
            for (String variable : ServiceSecrets.requiredBy(name)) {
                softly.assertThat(env.containsKey(variable) || common.has(variable)).as(name + " " + variable)
                        .isTrue();
            }
            env.values().stream().map(variable -> variable.at("/valueFrom/secretKeyRef"))
                    .filter(ref -> !ref.isMissingNode()).forEach(ref -> {
                        softly.assertThat(ref.path("name").asText()).as(name).isEqualTo("leadflow-secrets");
                        softly.assertThat(secrets.has(ref.path("key").asText())).as(name + " secret key "
                                + ref.path("key").asText()).isTrue();
                    });

            JsonNode service = one("Service", name).node();
            softly.assertThat(service.at("/spec/selector/app.kubernetes.io~1name").asText()).as(name)
                    .isEqualTo(name);
            softly.assertThat(service.at("/spec/ports/0/name").asText()).as(name).isEqualTo("http");
            softly.assertThat(service.at("/spec/ports/0/port").asInt()).as(name).isEqualTo(port);
            softly.assertThat(service.at("/metadata/labels/leadflow.io~1job").asText()).as(name)
                    .isEqualTo(name + "-service");
            softly.assertThat(service.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).as(name)
                    .isEqualTo("leadflow");

            JsonNode autoscaler = one("HorizontalPodAutoscaler", name).node();
            softly.assertThat(autoscaler.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            softly.assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).as(name)
                    .isEqualTo("Deployment");
            softly.assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).as(name).isEqualTo(name);
            softly.assertThat(autoscaler.at("/spec/minReplicas").asInt()).as(name).isGreaterThanOrEqualTo(2);
            softly.assertThat(autoscaler.at("/spec/maxReplicas").asInt())
                    .as(name + " no more instances than partitions")
                    .isBetween(autoscaler.at("/spec/minReplicas").asInt(), fewestPartitions());
        });
        softly.assertThat(common.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("leadflow-kafka-bootstrap:9092");
        softly.assertThat(common.path("QUARKUS_PROFILE").asText()).isEqualTo("prod");
        softly.assertThat(common.path("LEADFLOW_POSTGRES_HOST").asText()).isNotBlank();
        softly.assertAll();
    }

    @Test
    void kafkaIsAStrimziKraftClusterOfThreeNodes() {
        JsonNode kafka = one("Kafka", "leadflow").node();
        assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(kafka.at("/metadata/annotations/strimzi.io~1kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText()).isEqualTo("enabled");
        assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.at("/spec/kafka/config/default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.at("/spec/kafka/listeners/0/port").asInt()).isEqualTo(9092);
        assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject()).isTrue();
        List<Manifest> pools = base().stream().filter(m -> m.kind().equals("KafkaNodePool")).toList();
        assertThat(pools).isNotEmpty();
        Set<String> roles = new HashSet<>();
        int brokers = 0;
        for (Manifest pool : pools) {
            assertThat(pool.node().at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("leadflow");
            List<String> poolRoles = new ArrayList<>();
            pool.node().at("/spec/roles").forEach(role -> poolRoles.add(role.asText()));
            roles.addAll(poolRoles);
            if (poolRoles.contains("broker")) {
                brokers += pool.node().at("/spec/replicas").asInt();
            }
            assertThat(pool.node().at("/spec/storage/type").asText()).isNotBlank();
        }
        assertThat(roles).contains("controller", "broker");
        assertThat(brokers).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAReplicatedKafkaTopic() {
        Map<String, JsonNode> topics = new HashMap<>();
        base().stream().filter(m -> m.kind().equals("KafkaTopic")).forEach(m -> topics.put(
                m.node().at("/spec/topicName").asText(m.name()), m.node()));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.withDeadLetters());
        SoftAssertions softly = new SoftAssertions();
        topics.forEach((name, topic) -> {
            softly.assertThat(topic.path("apiVersion").asText()).as(name).isEqualTo("kafka.strimzi.io/v1beta2");
            softly.assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).as(name)
                    .isEqualTo("leadflow");
            softly.assertThat(topic.at("/spec/partitions").asInt()).as(name + " partitions").isPositive();
            softly.assertThat(topic.at("/spec/replicas").asInt()).as(name + " replicas").isEqualTo(3);
            softly.assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).as(name + " min ISR")
                    .isEqualTo(2);
        });
        for (String main : Topics.main()) {
            softly.assertThat(topics.get(main).at("/spec/partitions").asInt()).as(main).isEqualTo(fewestPartitions());
        }
        softly.assertAll();
    }

    @Test
    void everyKafkaTopicKeepsPersonalDataForABoundedTimeAsTopicsSays() {
        SoftAssertions softly = new SoftAssertions();
        base().stream().filter(m -> m.kind().equals("KafkaTopic")).forEach(m -> {
            String name = m.node().at("/spec/topicName").asText(m.name());
            JsonNode retention = m.node().at("/spec/config/retention.ms");
            softly.assertThat(retention.isMissingNode()).as(name + " sets retention.ms").isFalse();
            softly.assertThat(retention.asLong(-1)).as(name + " retention.ms").isPositive()
                    .isLessThanOrEqualTo(java.time.Duration.ofDays(30).toMillis())
                    .isEqualTo(io.leadflow.events.Topics.retention(name).toMillis());
            softly.assertThat(m.node().at("/spec/config/cleanup.policy").asText("delete")).as(name + " cleanup.policy")
                    .isEqualTo("delete");
        });
        softly.assertAll();
    }

    @Test
    void theServiceMonitorScrapesEveryServiceUnderTheJobNamesTheAlertsUse() {
        JsonNode monitor = one("ServiceMonitor", "leadflow").node();
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/jobLabel").asText()).isEqualTo("leadflow.io/job");
        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        for (String name : SERVICES.keySet()) {
            JsonNode labels = one("Service", name).node().at("/metadata/labels");
            selector.properties().forEach(label -> assertThat(labels.path(label.getKey()).asText())
                    .as(name).isEqualTo(label.getValue().asText()));
        }
        String alerts = Repo.yaml(Repo.DEPLOY.resolve("prometheus/alerts.yml")).toString();
        assertThat(alerts).contains("(intake|scoring|routing|nurturing)-service");
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheShippedAlertRules() {
        JsonNode rule = one("PrometheusRule", "leadflow").node();
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.at("/spec/groups"))
                .isEqualTo(Repo.yaml(Repo.DEPLOY.resolve("prometheus/alerts.yml")).path("groups"));
    }

    @Test
    void theProductionOverlayPatchesTheDatabaseHost() throws Exception {
        String common = Files.readString(OVERLAY.resolve("common.yaml"));
        assertThat(common).contains("LEADFLOW_POSTGRES_HOST");
    }

    static int fewestPartitions() {
        return base().stream().filter(m -> m.kind().equals("KafkaTopic"))
                .filter(m -> !m.node().at("/spec/topicName").asText().endsWith(".dlq"))
                .mapToInt(m -> m.node().at("/spec/partitions").asInt()).min().orElse(0);
    }

    static long mebibytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(matcher.matches()).as("memory quantity " + quantity).isTrue();
        long value = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("Gi") ? value * 1024 : value;
    }

    static Optional<Long> heapMebibytes(String javaOptions) {
        Matcher matcher = Pattern.compile("-Xmx(\\d+)m").matcher(javaOptions);
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
