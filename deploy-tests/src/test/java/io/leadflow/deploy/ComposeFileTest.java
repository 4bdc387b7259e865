package io.leadflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml and the services' Dockerfiles: what must be there for one {@code docker compose up}. */
class ComposeFileTest {

    static final Path COMPOSE = Repo.ROOT.resolve("docker-compose.yml");
    static final Map<String, Integer> SERVICES = Map.of("intake", 8081, "scoring", 8082, "routing", 8083,
            "nurturing", 8084);

    static JsonNode services() {
        return Repo.yaml(COMPOSE).path("services");
    }

    @Test
    void theWholeStackIsThere() {
        List<String> names = new ArrayList<>();
        services().properties().forEach(entry -> names.add(entry.getKey()));
        assertThat(names).containsExactlyInAnyOrder("postgres", "kafka", "kafka-topics", "intake", "scoring",
                "routing", "nurturing", "mailpit", "prometheus", "grafana");
        assertThat(services().at("/kafka/image").asText()).isEqualTo("apache/kafka:4.1.2");
        assertThat(services().at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    }

    @Test
    void everyLongRunningContainerHasAHealthCheck() {
        SoftAssertions softly = new SoftAssertions();
        services().properties().forEach(service -> {
            if (!service.getKey().equals("kafka-topics")) {
                softly.assertThat(service.getValue().at("/healthcheck/test").size()).as(service.getKey())
                        .isPositive();
            }
        });
        softly.assertAll();
    }

    @Test
    void eachServiceWaitsForItsDatabaseAndTopicsAndIsReadyOnlyWhenItsHealthSaysSo() {
        SoftAssertions softly = new SoftAssertions();
        SERVICES.forEach((name, port) -> {
            JsonNode service = services().path(name);
            softly.assertThat(service.at("/depends_on/postgres/condition").asText()).as(name)
                    .isEqualTo("service_healthy");
            softly.assertThat(service.at("/depends_on/kafka-topics/condition").asText()).as(name)
                    .isEqualTo("service_completed_successfully");
            softly.assertThat(service.at("/healthcheck/test").toString()).as(name)
                    .contains("http://127.0.0.1:" + port + "/q/health/ready");
            softly.assertThat(service.path("build").asText()).as(name).isEqualTo("./" + name + "-service");
            softly.assertThat(service.path("ports").toString()).as(name).contains(port + ":" + port);
        });
        softly.assertThat(services().at("/kafka-topics/depends_on/kafka/condition").asText())
                .isEqualTo("service_healthy");
        softly.assertThat(services().at("/nurturing/depends_on/mailpit/condition").asText())
                .isEqualTo("service_healthy");
        softly.assertThat(services().at("/grafana/depends_on/prometheus/condition").asText())
                .isEqualTo("service_healthy");
        softly.assertAll();
    }

    @Test
    void eachServiceGetsItsOwnDatabaseKafkaABoundedHeapAndItsSecrets() {
        SoftAssertions softly = new SoftAssertions();
        JsonNode postgres = services().path("postgres");
        SERVICES.forEach((name, port) -> {
            JsonNode environment = services().path(name).path("environment");
            softly.assertThat(environment.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText()).as(name)
                    .isEqualTo("postgresql://postgres:5432/" + name);
            softly.assertThat(environment.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).as(name)
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + name);
            softly.assertThat(environment.path("QUARKUS_DATASOURCE_USERNAME").asText()).as(name).isEqualTo(name);
            String passwordVariable = name.toUpperCase() + "_DB_PASSWORD";
            softly.assertThat(environment.path("QUARKUS_DATASOURCE_PASSWORD").asText()).as(name)
                    .isEqualTo(postgres.at("/environment/" + passwordVariable).asText())
                    .startsWith("${" + passwordVariable);
            softly.assertThat(environment.path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(name).isEqualTo("kafka:9092");
            softly.assertThat(environment.path("QUARKUS_HTTP_PORT").asInt()).as(name).isEqualTo(port);
            softly.assertThat(environment.path("JAVA_OPTS").asText()).as(name).containsPattern("-Xmx\\d+m");
        });
        JsonNode intake = services().at("/intake/environment");
        JsonNode nurturing = services().at("/nurturing/environment");
        softly.assertThat(intake.path("LEADFLOW_INTAKE_API_KEYS").asText()).isNotBlank();
        softly.assertThat(intake.path("LEADFLOW_TRACKING_SECRET").asText()).as("one secret signs and checks links")
                .isNotBlank().isEqualTo(nurturing.path("LEADFLOW_TRACKING_SECRET").asText());
        softly.assertThat(nurturing.path("QUARKUS_MAILER_HOST").asText()).isEqualTo("mailpit");
        softly.assertThat(nurturing.path("QUARKUS_MAILER_PORT").asInt()).isEqualTo(1025);
        softly.assertThat(services().at("/kafka/environment/KAFKA_HEAP_OPTS").asText()).containsPattern("-Xmx\\d+m");
        softly.assertThat(postgres.path("volumes").toString())
                .contains("./deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/");
        softly.assertAll();
    }

    @Test
    void eachServiceGetsEverySecretItRefusesToStartWithout() {
        SoftAssertions softly = new SoftAssertions();
        SERVICES.keySet().forEach(name -> {
            JsonNode environment = services().path(name).path("environment");
            for (String variable : ServiceSecrets.requiredBy(name)) {
                softly.assertThat(environment.has(variable)).as(name + " " + variable).isTrue();
            }
        });
        softly.assertThat(ServiceSecrets.requiredBy("intake")).as("intake checks its secrets at start")
                .contains(ServiceSecrets.JWT_KEY, "LEADFLOW_INTAKE_API_KEYS", "LEADFLOW_TRACKING_SECRET");
        softly.assertAll();
    }

    @Test
    void theInitScriptCreatesADatabasePerService() throws IOException {
        String script = Files.readString(Repo.DEPLOY.resolve("postgres/init-databases.sh"));
        assertThat(script).contains("for service in intake scoring routing nurturing")
                .contains("CREATE DATABASE").contains("CREATE ROLE");
        assertThat(Files.isExecutable(Repo.DEPLOY.resolve("postgres/init-databases.sh"))).isTrue();
    }

    @Test
    void kafkaTopicsCreatesEveryTopicAndItsDeadLetterTopic() {
        String command = services().at("/kafka-topics/command").toString();
        for (String topic : Topics.main()) {
            assertThat(command).contains(topic);
        }
        assertThat(command).contains("$$topic.dlq").contains("--partitions 3")
                .contains("--config retention.ms=$$retention").contains("--add-config retention.ms=$$retention");
        String received = io.leadflow.events.Topics.RECEIVED;
        for (String topic : List.of(received, io.leadflow.events.Topics.deadLetter(received),
                io.leadflow.events.Topics.PRIVACY)) {
            assertThat(command).as("the retention of " + topic)
                    .contains("retention=" + io.leadflow.events.Topics.retention(topic).toMillis());
        }
    }

    @Test
    void prometheusAndGrafanaGetTheShippedConfiguration() {
        JsonNode prometheus = services().path("prometheus");
        assertThat(prometheus.path("volumes").toString()).contains("./deploy/prometheus:/etc/prometheus");
        assertThat(prometheus.path("command").toString()).contains("--config.file=/etc/prometheus/prometheus.yml");
        JsonNode grafana = services().path("grafana");
        assertThat(grafana.path("volumes").toString())
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning")
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards");
        // Every scrape target is a Compose service on its port.
        for (JsonNode job : Repo.yaml(Repo.DEPLOY.resolve("prometheus/prometheus.yml")).path("scrape_configs")) {
            String target = job.at("/static_configs/0/targets/0").asText();
            String host = target.substring(0, target.indexOf(':'));
            if (!host.equals("localhost")) {
                assertThat(SERVICES).as(target).containsEntry(host,
                        Integer.parseInt(target.substring(target.indexOf(':') + 1)));
            }
        }
    }

    @Test
    void eachServiceHasAJvmImageOfItsFastJarWithABoundedHeap() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            Path module = Repo.ROOT.resolve(service.getKey() + "-service");
            String dockerfile = Files.readString(module.resolve("Dockerfile"));
            String name = service.getKey();
            softly.assertThat(dockerfile).as(name).containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
                    .contains("COPY --chown=1001:0 target/quarkus-app/lib/ /deployments/lib/")
                    .contains("target/quarkus-app/quarkus/").contains("target/quarkus-app/app/")
                    .containsPattern("(?m)^USER 1001$")
                    .containsPattern("(?m)^EXPOSE " + service.getValue() + "$")
                    .contains("/q/health/ready")
                    .contains("-jar /deployments/quarkus-run.jar");
            Matcher heap = Pattern.compile("JAVA_OPTS=\"[^\"]*-Xmx(\\d+)m").matcher(dockerfile);
            softly.assertThat(heap.find()).as(name + " bounded heap").isTrue();
            softly.assertThat(Files.readString(module.resolve(".dockerignore"))).as(name)
                    .contains("!target/quarkus-app/");
        }
        softly.assertAll();
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
        ExternalTool.Result result = compose.run(Repo.ROOT, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void dockerComposeRejectsABrokenFile() throws IOException {
        ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
        Path directory = Files.createTempDirectory("leadflow-compose");
        Path file = directory.resolve("docker-compose.yml");
        try {
            // Relative paths (build contexts, mounts) resolve against the repository, as for the real file.
            Files.writeString(file, Files.readString(COMPOSE));
            assertThat(compose.run(directory, "-f", "docker-compose.yml", "--project-directory",
                    Repo.ROOT.toString(), "config", "-q").succeeded()).as("the unchanged copy").isTrue();
            Files.writeString(file,
                    Files.readString(COMPOSE).replaceFirst("(?m)^  intake:$", "  intake:\n    imagee: x"));
            ExternalTool.Result broken = compose.run(directory, "-f", "docker-compose.yml", "--project-directory",
                    Repo.ROOT.toString(), "config", "-q");
            assertThat(broken.succeeded()).isFalse();
            assertThat(broken.output()).contains("imagee");
        } finally {
            Files.deleteIfExists(file);
            Files.delete(directory);
        }
    }
}
