package io.leadflow.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.support.security.DevTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.TestPostgres;
import io.leadflow.testsupport.Topic;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Two routing-service processes share one consumer group, one partitioned {@code leads.scored} topic and one
 * database, as two replicas would. Every hot lead, each delivered twice and re-scored once, gets exactly one
 * assignment and one {@code assigned} event, and both instances take part.
 */
class TwoRoutingInstancesIT {

    static final String ADMIN_TOKEN = "Bearer " + DevTokens.local().issue("system-tests", "admin");

    static final int LEADS = 40;
    static TestKafka kafka;
    static TestPostgres postgres;
    static KafkaCompanion companion;
    static final List<ServiceProcess> routing = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        companion = new KafkaCompanion(kafka.bootstrapServers());
        companion.topics().createAndWait(Topics.SCORED, 4, Duration.ofSeconds(30));
        Path root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        String database = postgres.createDatabase("system_routing_pair");
        Map<String, String> environment = Map.of(
                "QUARKUS_PROFILE", "local",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                "QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        routing.add(ServiceProcess.start(root, "routing", "routing-service-a", environment));
        routing.add(ServiceProcess.start(root, "routing", "routing-service-b", environment));
        routing.forEach(instance -> instance.awaitReady(Duration.ofSeconds(120)));
        // Ready means Kafka is reachable, not that the group has settled: wait until both instances own partitions.
        Awaitility.await("both instances own leads.scored partitions").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> routing.stream().allMatch(instance -> assignedPartitions(instance, "leads-scored") > 0
                        && assignedPartitions(instance, "leads-assigned-live") > 0));
    }

    static double assignedPartitions(ServiceProcess instance, String channel) {
        return given().when().get(instance.url("/q/metrics")).then().extract().asString().lines()
                .filter(line -> line.startsWith("kafka_consumer_coordinator_assigned_partitions")
                        && line.contains(channel))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess instance : routing) {
            instance.close();
        }
        if (companion != null) {
            companion.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static LeadScored hotLead(UUID leadId, int score) {
        Instant receivedAt = Instant.now();
        return new LeadScored(leadId, new LeadProfile(
                new Contact("lead-" + leadId + "@acme.fr", "Claire", "Martin", "+33612345678", "Directrice"),
                new Company("Acme SAS", "https://acme.fr"), "FR", "fr", "Europe/Paris", "website", null, null,
                new Consent(true, null, receivedAt, "api"), receivedAt),
                new Enrichment("acme.fr", false, "director", null, null, null), "A", 30, 30, score, Temperature.HOT,
                Stage.MQL, "test", List.of(new Contribution("form.quote_request", 30, "asked for a quote")),
                receivedAt);
    }

    @Test
    void everyHotLeadGetsExactlyOneAssignmentAcrossTwoInstancesAndReachesConsolesOnEither() {
        List<String> demoReps = given().header("Authorization", ADMIN_TOKEN).when()
                .get(routing.get(0).url("/api/v1/reps")).then().statusCode(200)
                .extract().jsonPath().getList("id");
        // Every console connects to the second instance only: what the first one assigns must reach them too.
        List<RepSocketClient> consoles = demoReps.stream()
                .map(rep -> RepSocketClient.connect("127.0.0.1", routing.get(1).port,
                        rep + "?access_token=" + DevTokens.local().issue(rep, "rep"))).toList();
        Topic scored = new Topic(companion, Topics.SCORED);
        Set<String> leads = new HashSet<>();
        for (int i = 0; i < LEADS; i++) {
            UUID leadId = UUID.randomUUID();
            leads.add(leadId.toString());
            String eventId = UUID.randomUUID().toString();
            String json = EventJson.write(hotLead(leadId, 60));
            scored.publishRaw(leadId.toString(), json, eventId, "lead.scored.v1");
            scored.publishRaw(leadId.toString(), json, eventId, "lead.scored.v1");
            scored.publish(leadId, hotLead(leadId, 75));
        }

        List<ConsumerRecord<String, String>> assigned = new Topic(companion, Topics.ASSIGNED).collect(
                r -> leads.contains(r.key())
                        && EventJson.read(r.value(), LeadAssignment.class).status() == AssignmentStatus.ASSIGNED,
                records -> records.size() >= LEADS, Duration.ofSeconds(90), Duration.ofSeconds(3));

        assertThat(assigned).hasSize(LEADS);
        assertThat(assigned.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(leads);
        int stored = 0;
        for (String rep : demoReps) {
            stored += given().header("Authorization", ADMIN_TOKEN).when()
                    .get(routing.get(1).url("/api/v1/reps/" + rep + "/assignments")).then()
                    .statusCode(200).extract().jsonPath()
                    .getList("findAll { it.status == 'assigned' }").size();
        }
        assertThat(stored).isEqualTo(LEADS);
        for (ServiceProcess instance : routing) {
            double made = PrometheusText.sum(given().when().get(instance.url("/q/metrics")).then().extract()
                    .asString(), "leadflow_assignments_total");
            System.out.printf("%s made %.0f of the %d assignments%n", instance.log.getFileName(), made, LEADS);
            assertThat(made).as("assignments made by " + instance.log.getFileName()).isPositive();
        }
        try {
            Awaitility.await("every lead on a console of the second instance").atMost(Duration.ofSeconds(30))
                    .until(() -> leads.stream().allMatch(lead -> consoles.stream()
                            .anyMatch(console -> console.messages().stream().anyMatch(m -> m.contains(lead)))));
        } finally {
            consoles.forEach(RepSocketClient::close);
        }
    }
}
