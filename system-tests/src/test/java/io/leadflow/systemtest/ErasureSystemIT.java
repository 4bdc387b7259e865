package io.leadflow.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.Topics;
import io.leadflow.support.security.DevTokens;
import io.leadflow.testsupport.PersonalData;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.TestPostgres;
import io.leadflow.testsupport.Topic;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * GDPR erasure and export across the four packaged services (processes, {@code local} profile, real Kafka and
 * PostgreSQL): a person nurtured and then routed to a rep is erased at intake; intake reports every service's
 * confirmation, no table of any service names the person any more, and replaying the person's events does not bring
 * them back. Another person's export completes with every service's part naming them.
 */
class ErasureSystemIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String LOCAL_API_KEY = "leadflow-local-demo-key";
    static final List<String> SERVICES = List.of("intake", "scoring", "routing", "nurturing");
    static final String ADMIN_TOKEN = "Bearer " + DevTokens.local().issue("system-tests", "admin");

    static TestKafka kafka;
    static TestPostgres postgres;
    static KafkaCompanion companion;
    static final Map<String, ServiceProcess> services = new HashMap<>();
    static final Map<String, String> databases = new HashMap<>();

    @BeforeAll
    static void startLeadflow() {
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        companion = new KafkaCompanion(kafka.bootstrapServers());
        Path root = Path.of(System.getProperty("leadflow.root", "..")).toAbsolutePath().normalize();
        for (String name : SERVICES) {
            String database = postgres.createDatabase("erasure_" + name);
            databases.put(name, database);
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

    static String submit(String email, String firstName, String lastName, String phone, String formType) {
        String body = """
                {"email": "%s", "firstName": "%s", "lastName": "%s", "company": "Conseil %s",
                 "jobTitle": "Responsable achats", "phone": "%s", "country": "FR", "source": "website",
                 "formType": "%s", "marketingConsent": true}
                """.formatted(email, firstName, lastName, lastName, phone, formType);
        return given().header("X-Api-Key", LOCAL_API_KEY).contentType(ContentType.JSON).body(body)
                .when().post(url("intake", "/api/v1/leads"))
                .then().statusCode(202).extract().path("leadId");
    }

    static int status(String service, String path) {
        return given().header("Authorization", ADMIN_TOKEN).when().get(url(service, path)).statusCode();
    }

    /** Every row of every table of each service's database that names the person, by service. */
    static Map<String, List<String>> rowsMentioning(List<String> needles) throws SQLException {
        Map<String, List<String>> found = new HashMap<>();
        for (String service : SERVICES) {
            List<String> rows = PersonalData.rowsMentioning(postgres.jdbcUrl(databases.get(service)), postgres.user(),
                    postgres.password(), needles);
            if (!rows.isEmpty()) {
                found.put(service, rows);
            }
        }
        return found;
    }

    static boolean processed(String service, String eventId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(databases.get(service)),
                postgres.user(), postgres.password());
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from processed_event where event_id = ?")) {
            statement.setString(1, eventId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }

    /** The record again with a fresh event id: a replay no de-duplication recognises. */
    static String replay(ConsumerRecord<String, String> record) {
        String eventId = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove("ce_id");
        headers.add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        companion.produceStrings().fromRecords(new ProducerRecord<>(record.topic(), null, record.key(),
                record.value(), headers)).awaitCompletion(WAIT);
        return eventId;
    }

    @Test
    void aPersonNurturedThenRoutedIsErasedFromEveryServiceAndStaysErasedWhenTheirEventsAreReplayed()
            throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String letters = marker.replaceAll("[0-9]", "x");
        String email = "zoe." + marker + "@conseil-" + marker + ".fr";
        String firstName = "Zoe" + letters;
        String lastName = "Erasmus" + letters;
        // 612xxxxxx: a metropolitan mobile range; a random 69x number belongs to overseas departments and a lead from
        // country FR giving one is refused (400), one run in ten.
        String mobile = String.format(Locale.ROOT, "612%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        String phone = "+33" + mobile;
        List<String> person = List.of(email, firstName, lastName, phone);

        // Warm first (nurtured), then a demo request makes the same person hot (routed to a rep).
        String leadId = submit(email, firstName, lastName, "0" + mobile, "newsletter");
        Awaitility.await().atMost(WAIT).until(() -> status("nurturing",
                "/api/v1/leads/" + leadId + "/enrollment") == 200);
        assertThat(submit(email, firstName, lastName, "0" + mobile, "demo_request")).isEqualTo(leadId);
        LeadAssignment assigned = new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId),
                LeadAssignment.class, a -> a.status() == AssignmentStatus.ASSIGNED);
        Awaitility.await().atMost(WAIT).until(() -> rowsMentioning(person).keySet().containsAll(SERVICES));

        String requestId = given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"email\": \"" + email + "\"}")
                .when().post(url("intake", "/api/v1/privacy/erasure"))
                .then().statusCode(202).extract().path("id");

        Awaitility.await("every service confirms the erasure").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", ADMIN_TOKEN)
                        .when().get(url("intake", "/api/v1/privacy/erasure/" + requestId))
                        .then().statusCode(200).extract().asString(), containsString("\"complete\":true"));
        JsonPath erasure = given().header("Authorization", ADMIN_TOKEN)
                .when().get(url("intake", "/api/v1/privacy/erasure/" + requestId))
                .then().statusCode(200).extract().jsonPath();
        assertThat(erasure.getList("services.service")).containsExactlyInAnyOrder("intake-service",
                "scoring-service", "routing-service", "nurturing-service");
        assertThat(erasure.getList("services.status")).containsOnly("confirmed");

        assertThat(rowsMentioning(person)).as("rows naming the person, by service").isEmpty();
        assertThat(status("scoring", "/api/v1/leads/" + leadId + "/score")).isEqualTo(404);
        assertThat(status("nurturing", "/api/v1/leads/" + leadId + "/enrollment")).isEqualTo(404);
        JsonPath routing = given().header("Authorization", ADMIN_TOKEN)
                .when().get(url("routing", "/api/v1/leads/" + leadId + "/routing"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(routing.getString("state")).isEqualTo("released");
        assertThat(routing.getList("assignments.repId")).containsExactly(assigned.repId().toString());
        assertThat(routing.getList("assignments.lead.email")).containsOnlyNulls();
        given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON).body("{}")
                .when().post(url("routing", "/api/v1/assignments/" + assigned.assignmentId() + "/accept"))
                .then().statusCode(409);

        // Every event that carried the person, published again as if new: nobody takes the person back.
        // At least: the first form on leads.received, the second as form_submitted on leads.engagement, and two scores
        // (warm, then hot) on leads.scored.
        Map<String, Integer> published = Map.of(Topics.RECEIVED, 1, Topics.ENGAGEMENT, 1, Topics.SCORED, 2);
        Map<String, List<String>> replayed = new HashMap<>();
        for (Map.Entry<String, Integer> topic : published.entrySet()) {
            List<ConsumerRecord<String, String>> records = new Topic(companion, topic.getKey()).collect(
                    r -> leadId.equals(r.key()), found -> found.size() >= topic.getValue(), WAIT,
                    Duration.ofSeconds(1));
            assertThat(records).as("the person's records on " + topic.getKey()).hasSizeGreaterThanOrEqualTo(topic.getValue());
            List<String> ids = new ArrayList<>();
            records.forEach(record -> ids.add(replay(record)));
            replayed.put(topic.getKey(), ids);
        }
        Map<String, List<String>> consumers = Map.of(Topics.RECEIVED, List.of("scoring"), Topics.ENGAGEMENT,
                List.of("scoring", "nurturing"), Topics.SCORED, List.of("routing", "nurturing"));
        Awaitility.await("the replayed events are processed").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (Map.Entry<String, List<String>> topic : replayed.entrySet()) {
                        for (String service : consumers.get(topic.getKey())) {
                            for (String id : topic.getValue()) {
                                if (!processed(service, id)) {
                                    return false;
                                }
                            }
                        }
                    }
                    return true;
                });
        assertThat(rowsMentioning(person)).as("rows naming the person after the replay, by service").isEmpty();
        assertThat(status("scoring", "/api/v1/leads/" + leadId + "/score")).isEqualTo(404);
        assertThat(status("nurturing", "/api/v1/leads/" + leadId + "/enrollment")).isEqualTo(404);
        assertThat(given().header("Authorization", ADMIN_TOKEN)
                .when().get(url("routing", "/api/v1/leads/" + leadId + "/routing"))
                .then().statusCode(200).extract().jsonPath().getList("assignments.lead.email")).containsOnlyNulls();
    }

    @Test
    void aPersonNurturedThenRoutedGetsACompleteExportNamingThemInEveryServicesPart() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String letters = marker.replaceAll("[0-9]", "x");
        String email = "paul." + marker + "@export-" + marker + ".fr";
        String mobile = String.format(Locale.ROOT, "612%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        String leadId = submit(email, "Paul" + letters, "Portable" + letters, "0" + mobile, "newsletter");
        Awaitility.await().atMost(WAIT).until(() -> status("nurturing",
                "/api/v1/leads/" + leadId + "/enrollment") == 200);
        assertThat(submit(email, "Paul" + letters, "Portable" + letters, "0" + mobile, "demo_request"))
                .isEqualTo(leadId);
        new Topic(companion, Topics.ASSIGNED).awaitEvent(UUID.fromString(leadId), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);

        var accepted = given().header("Authorization", ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"email\": \"" + email + "\"}")
                .when().post(url("intake", "/api/v1/privacy/exports"))
                .then().statusCode(202).extract();
        String location = "/api/v1/privacy/exports/" + accepted.path("id");
        assertThat(accepted.header("Location")).endsWith(location);

        Awaitility.await("every service sends its part").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", ADMIN_TOKEN).when().get(url("intake", location))
                        .then().statusCode(200).extract().asString(), containsString("\"status\":\"complete\""));
        JsonPath export = given().header("Authorization", ADMIN_TOKEN).when().get(url("intake", location))
                .then().statusCode(200).extract().jsonPath();
        assertThat(export.getString("subject.email")).isEqualTo(email);
        assertThat(export.getMap("services").keySet()).containsExactlyInAnyOrder("intake", "scoring", "routing",
                "nurturing");
        for (String service : SERVICES) {
            String part = String.valueOf(export.getMap("services." + service));
            assertThat(part).as(service + "'s part names the lead").contains(leadId).contains(email);
        }
        assertThat(export.getList("services.intake.consents.status")).containsExactly("granted", "granted");
        assertThat(export.getList("services.routing.assignments")).hasSize(1);
        assertThat(export.getList("services.nurturing.enrollments")).isNotEmpty();
    }
}
