package io.leadflow.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Topics;
import io.leadflow.support.security.DevTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.TestPostgres;
import io.leadflow.testsupport.Topic;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The four packaged services as separate processes, in the {@code local} profile, against a real Kafka broker and a
 * real PostgreSQL server, driven only through their public doors (HTTP, WebSocket, topics).
 */
class LeadflowSystemIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** The demo API key of the local profile. */
    static final String LOCAL_API_KEY = "leadflow-local-demo-key";
    static final List<String> SERVICES = List.of("intake", "scoring", "routing", "nurturing");
    /** A demo token of the local profile: scoring's and nurturing's reads need a role. */
    static final String OPS_TOKEN = "Bearer " + DevTokens.local().issue("system-tests", "ops");
    /** Routing's reads of every rep and the acts of reps in these tests: an admin may do both. */
    static final String ADMIN_TOKEN = "Bearer " + DevTokens.local().issue("system-tests", "admin");

    static TestKafka kafka;
    static TestPostgres postgres;
    static KafkaCompanion companion;
    static final Map<String, ServiceProcess> services = new HashMap<>();

    @BeforeAll
    static void startLeadflow() {
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        companion = new KafkaCompanion(kafka.bootstrapServers());
        Path root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        for (String name : SERVICES) {
            String database = postgres.createDatabase("system_" + name);
            services.put(name, ServiceProcess.start(root, name, Map.of(
                    "QUARKUS_PROFILE", "local",
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                    "QUARKUS_DATASOURCE_PASSWORD", postgres.password())));
        }
        services.values().forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
    }

    @AfterAll
    static void stopLeadflow() throws Exception {
        for (ServiceProcess service : services.values()) {
            service.close();
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

    static String url(String service, String path) {
        return services.get(service).url(path);
    }

    static String submit(String email, String jobTitle, String formType) {
        String body = """
                {"email": "%s", "firstName": "Claire", "lastName": "Martin", "company": "Acme Industries",
                 "jobTitle": %s, "phone": "+33 6 12 34 56 78", "country": "FR", "source": "website",
                 "formType": "%s", "marketingConsent": true}
                """.formatted(email, jobTitle == null ? "null" : "\"" + jobTitle + "\"", formType);
        return given().header("X-Api-Key", LOCAL_API_KEY).contentType(ContentType.JSON).body(body)
                .when().post(url("intake", "/api/v1/leads"))
                .then().statusCode(202).extract().path("leadId");
    }

    static List<String> repIds() {
        return given().header("Authorization", ADMIN_TOKEN).when().get(url("routing", "/api/v1/reps")).then().statusCode(200)
                .extract().jsonPath().getList("id");
    }

    @Test
    void aQuoteRequestFromADirectorWithABusinessEmailReachesAConnectedRepWithItsScore() throws Exception {
        List<RepSocketClient> consoles = new ArrayList<>();
        try {
            for (String rep : repIds()) {
                consoles.add(RepSocketClient.connect("127.0.0.1", services.get("routing").port,
                        rep + "?access_token=" + DevTokens.local().issue(rep, "rep")));
            }
            long accepted = System.nanoTime();
            String leadId = submit("claire.martin+" + UUID.randomUUID() + "@acme-industries.fr",
                    "Directrice commerciale", "quote_request");
            long acceptedAt = System.nanoTime();

            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> consoles.stream()
                    .anyMatch(console -> console.messages().stream().anyMatch(m -> m.contains(leadId))));
            long pushedAt = System.nanoTime();
            String message = consoles.stream().flatMap(console -> console.messages().stream())
                    .filter(m -> m.contains(leadId)).findFirst().orElseThrow();
            System.out.printf("System test: 202 after %d ms, rep's WebSocket message %d ms after the 202%n",
                    (acceptedAt - accepted) / 1_000_000, (pushedAt - acceptedAt) / 1_000_000);
            // The whole pipeline's, from intake's receivedAt to routing's assigned event acknowledged by the broker.
            Awaitility.await().atMost(WAIT).until(() -> routingMetric("leadflow_time_to_assign_seconds_count") >= 1);
            System.out.printf("System test: mean time to assign (receivedAt to assigned event acked) %.0f ms "
                    + "over %.0f leads%n",
                    1000 * routingMetric("leadflow_time_to_assign_seconds_sum")
                            / routingMetric("leadflow_time_to_assign_seconds_count"),
                    routingMetric("leadflow_time_to_assign_seconds_count"));

            JsonNode pushed = EventJson.mapper().readTree(message);
            assertThat(pushed.get("type").asText()).isEqualTo("assignment");
            assertThat(pushed.get("leadId").asText()).isEqualTo(leadId);
            int scored = given().header("Authorization", OPS_TOKEN)
                    .when().get(url("scoring", "/api/v1/leads/" + leadId + "/score"))
                    .then().statusCode(200).extract().path("score");
            // The rep sees the score scoring computed, whatever the rule set gives.
            assertThat(pushed.get("score").asInt()).isEqualTo(scored);
            assertThat(pushed.get("temperature").asText()).isEqualTo("hot");
            assertThat(pushed.at("/lead/company").asText()).isEqualTo("Acme Industries");
            assertThat(pushed.get("reasons")).isNotEmpty();
            assertThat(consoles.stream().filter(c -> c.messages().stream().anyMatch(m -> m.contains(leadId))))
                    .hasSize(1);

            given().header("Authorization", OPS_TOKEN).when().get(url("scoring", "/api/v1/leads/" + leadId + "/score"))
                    .then().statusCode(200).body("temperature", equalTo("hot"));
            given().header("Authorization", OPS_TOKEN).when()
                    .get(url("nurturing", "/api/v1/leads/" + leadId + "/enrollment"))
                    .then().statusCode(404);
        } finally {
            consoles.forEach(RepSocketClient::close);
        }
    }

    @Test
    void aNewsletterSignUpFromAFreeMailAddressIsEnrolledAndNeverAssigned() {
        String leadId = submit("lea.dupont+" + UUID.randomUUID() + "@gmail.com", null, "newsletter");

        LeadNurture enrolled = new Topic(companion, Topics.NURTURE).awaitEvent(UUID.fromString(leadId),
                LeadNurture.class, e -> e.status() == NurtureStatus.ENROLLED);
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", OPS_TOKEN)
                .get(url("nurturing", "/api/v1/leads/" + leadId + "/enrollment")).statusCode() == 200);
        given().header("Authorization", OPS_TOKEN).when()
                .get(url("nurturing", "/api/v1/leads/" + leadId + "/enrollment"))
                .then().statusCode(200).body("enrollmentId", equalTo(enrolled.enrollmentId().toString()))
                .body("touches", hasSize(5));
        given().header("Authorization", OPS_TOKEN).when().get(url("scoring", "/api/v1/leads/" + leadId + "/score"))
                .then().statusCode(200).body("temperature", equalTo("cold"));
        assertThat(new Topic(companion, Topics.ASSIGNED).awaitExactly(0, r -> leadId.equals(r.key()),
                Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void theSameScoredEventDeliveredTwiceYieldsOneAssignment() {
        String leadId = submit("james.owen+" + UUID.randomUUID() + "@northwind.co.uk", "VP Sales", "demo_request");
        ConsumerRecord<String, String> scored = new Topic(companion, Topics.SCORED).await(r -> leadId.equals(r.key()));
        new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        double duplicatesBefore = routingDuplicates();

        // The very record again, headers (and so its event id) included: a redelivery as Kafka would make it.
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.SCORED, null, scored.key(), scored.value(),
                scored.headers())).awaitCompletion(WAIT);

        Awaitility.await().atMost(WAIT).until(() -> routingDuplicates() > duplicatesBefore);
        assertThat(new Topic(companion, Topics.ASSIGNED).awaitExactly(1, r -> leadId.equals(r.key()),
                Duration.ofSeconds(3))).hasSize(1);
        int assignments = 0;
        for (String rep : repIds()) {
            assignments += given().header("Authorization", ADMIN_TOKEN).when().get(url("routing", "/api/v1/reps/" + rep + "/assignments"))
                    .then().statusCode(200).extract().jsonPath()
                    .getList("findAll { it.leadId == '" + leadId + "' }").size();
        }
        assertThat(assignments).isEqualTo(1);
    }

    @Test
    void aKnownLeadsDemoRequestHeatsItUpHandsItToARepAndEndsItsSequence() {
        String email = "marc.leroy+" + UUID.randomUUID() + "@conseil-leroy.fr";
        // Newsletter (10) + business email (10) + manager (10) = 30: warm, so it is nurtured. The company is not in
        // scoring's demo firmographics, which would add points for its size.
        String leadId = submit(email, "Responsable achats", "newsletter");
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", OPS_TOKEN)
                .get(url("nurturing", "/api/v1/leads/" + leadId + "/enrollment")).statusCode() == 200);

        // The same person asks for a demo: one lead, now hot.
        String again = submit(email.toUpperCase(), "Responsable achats", "demo_request");

        assertThat(again).isEqualTo(leadId);
        LeadAssignment assigned = new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId),
                LeadAssignment.class, a -> a.status() == AssignmentStatus.ASSIGNED);
        LeadNurture exited = new Topic(companion, Topics.NURTURE).awaitEvent(UUID.fromString(leadId),
                LeadNurture.class, e -> e.status() == NurtureStatus.EXITED);
        assertThat(exited.reason()).isEqualTo("handed_to_sales");
        // Exact points belong to scoring's rule set: here, the lead was scored twice, rose, and the rep got that score.
        List<Integer> history = given().header("Authorization", OPS_TOKEN)
                .when().get(url("scoring", "/api/v1/leads/" + leadId + "/score"))
                .then().statusCode(200).body("temperature", equalTo("hot")).extract().path("history.scoreAfter");
        assertThat(history).hasSize(2);
        assertThat(history.get(1)).isGreaterThan(history.get(0));
        assertThat(assigned.score()).isEqualTo(history.get(1));
    }

    static LeadAssignment awaitAssignment(String leadId, AssignmentStatus status) {
        return new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId), LeadAssignment.class,
                a -> a.status() == status);
    }

    static void post(String path, String body, int status) {
        given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON).body(body).when()
                .post(url("routing", path)).then().statusCode(status);
    }

    @Test
    void aRepAcceptingAHotLeadMakesItSalesQualifiedInScoring() {
        String leadId = submit("ines.garcia+" + UUID.randomUUID() + "@acme-industries.fr", "Directrice commerciale",
                "quote_request");
        LeadAssignment assigned = awaitAssignment(leadId, AssignmentStatus.ASSIGNED);

        post("/api/v1/assignments/" + assigned.assignmentId() + "/accept", "{}", 200);

        awaitAssignment(leadId, AssignmentStatus.ACCEPTED);
        Awaitility.await().atMost(WAIT).until(() -> "sql".equals(given().header("Authorization", OPS_TOKEN).when()
                .get(url("scoring", "/api/v1/leads/" + leadId + "/score")).then().extract().path("stage")));
        given().header("Authorization", ADMIN_TOKEN).when().get(url("routing", "/api/v1/leads/" + leadId + "/routing"))
                .then().statusCode(200).body("state", equalTo("accepted"));
    }

    @Test
    void aHotLeadDeclinedByEveryDemoRepIsReleasedAndNurtured() {
        String leadId = submit("tom.weber+" + UUID.randomUUID() + "@acme-industries.fr", "Directrice commerciale",
                "quote_request");
        LeadAssignment current = awaitAssignment(leadId, AssignmentStatus.ASSIGNED);
        List<UUID> reps = new ArrayList<>();
        for (int rep = 0; rep < 3; rep++) {
            reps.add(current.repId());
            post("/api/v1/assignments/" + current.assignmentId() + "/decline", "{\"reason\": \"not for me\"}", 200);
            if (rep < 2) {
                UUID declinedBy = current.repId();
                current = new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId),
                        LeadAssignment.class, a -> a.status() == AssignmentStatus.REASSIGNED
                                && declinedBy.equals(a.previousRepId()));
            }
        }

        assertThat(reps).doesNotHaveDuplicates();
        awaitAssignment(leadId, AssignmentStatus.RELEASED);
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", OPS_TOKEN)
                .get(url("nurturing", "/api/v1/leads/" + leadId + "/enrollment")).statusCode() == 200);
    }

    static double routingMetric(String series) {
        return PrometheusText.sum(given().when().get(url("routing", "/q/metrics")).then().statusCode(200).extract()
                .asString(), series);
    }

    static double routingDuplicates() {
        return PrometheusText.sum(given().when().get(url("routing", "/q/metrics")).then().statusCode(200).extract()
                .asString(), "leadflow_events_duplicate_total{consumer=\"routing-scored\"");
    }
}
