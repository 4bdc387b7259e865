package io.leadflow.routing.messaging;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

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
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.Sql;
import io.leadflow.support.persistence.LeadLocks;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class HotLeadRoutingTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    final List<RepSocketClient> consoles = new ArrayList<>();
    List<String> repIds;

    @BeforeEach
    void connectEveryRep() {
        repIds = given().when().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.team == 'demo' }.id");
        assertThat(repIds).hasSize(3);
        repIds.forEach(id -> consoles.add(RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(id))));
    }

    @AfterEach
    void disconnect() {
        consoles.forEach(RepSocketClient::close);
    }

    @Inject
    MovableClock clock;

    LeadScored scored(Temperature temperature, int score) {
        // Received by the service's clock, which other tests move forward: the lead is fresh, not already late.
        Instant receivedAt = clock.instant().minusMillis(120);
        return new LeadScored(UUID.randomUUID(), new LeadProfile(
                new Contact("claire@acme.fr", "Claire", "Martin", "+33612345678", "Directrice commerciale"),
                new Company("Acme SAS", "https://acme.fr"), "FR", "fr", "Europe/Paris", "website", null, null,
                new Consent(true, null, receivedAt, "api"), receivedAt),
                new Enrichment("acme.fr", false, "director", null, null, null), "A", 30, 30, score, temperature,
                Stage.MQL, "test", List.of(new Contribution("form.quote_request", 30, "asked for a quote")),
                receivedAt.plusMillis(20));
    }

    @Test
    void aHotLeadReachesItsRepsSocketAndIsStoredAndPublished() throws Exception {
        LeadScored lead = scored(Temperature.HOT, 60);

        long published = System.nanoTime();
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);

        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> consoles.stream()
                .anyMatch(c -> c.messages().stream().anyMatch(m -> m.contains(lead.leadId().toString()))));
        System.out.printf("Routing: scored event acknowledged by the broker to the rep's WebSocket message in %d ms%n",
                (System.nanoTime() - published) / 1_000_000);
        LeadAssignment assigned = Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        RepSocketClient console = consoles.get(repIds.indexOf(assigned.repId().toString()));
        JsonNode message = EventJson.mapper().readTree(
                console.await(m -> m.contains(lead.leadId().toString()), WAIT));
        assertThat(message.get("type").asText()).isEqualTo("assignment");
        assertThat(message.get("assignmentId").asText()).isEqualTo(assigned.assignmentId().toString());
        assertThat(message.get("leadId").asText()).isEqualTo(lead.leadId().toString());
        assertThat(message.at("/lead/name").asText()).isEqualTo("Claire Martin");
        assertThat(message.at("/lead/company").asText()).isEqualTo("Acme SAS");
        assertThat(message.at("/lead/title").asText()).isEqualTo("Directrice commerciale");
        assertThat(message.at("/lead/phone").asText()).isEqualTo("+33612345678");
        assertThat(message.at("/lead/email").asText()).isEqualTo("claire@acme.fr");
        assertThat(message.at("/lead/country").asText()).isEqualTo("FR");
        assertThat(message.get("score").asInt()).isEqualTo(60);
        assertThat(message.get("temperature").asText()).isEqualTo("hot");
        assertThat(message.get("reasons").get(0).asText()).isEqualTo("asked for a quote");
        assertThat(Instant.parse(message.get("acceptBy").asText())).isAfter(Instant.now().plusSeconds(60));
        for (RepSocketClient other : consoles) {
            if (other != console) {
                assertThat(other.messages()).noneMatch(m -> m.contains(lead.leadId().toString()));
            }
        }

        given().when().get("/api/v1/reps/{rep}/assignments", assigned.repId())
                .then().statusCode(200)
                .body("findAll { it.leadId == '" + lead.leadId() + "' }", hasSize(1))
                .body("find { it.leadId == '" + lead.leadId() + "' }.status", equalTo("assigned"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("leadflow_time_to_assign_seconds_bucket{le=\"0.25\"}")
                .contains("leadflow_time_to_assign_seconds_bucket{le=\"300.0\"}");
        assertThat(PrometheusText.sum(metrics, "leadflow_time_to_assign_seconds_count")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void hotLeadsTakeTurnsAcrossTheReps() {
        Set<UUID> reps = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            LeadScored lead = scored(Temperature.HOT, 70);
            Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
            reps.add(Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class, a -> true).repId());
        }

        assertThat(reps).hasSize(3);
    }

    @Test
    void aLeadIsAssignedOnceHoweverOftenItsEventsArrive() {
        LeadScored lead = scored(Temperature.HOT, 60);
        String eventId = UUID.randomUUID().toString();
        Topic topic = Topic.of(Topics.SCORED);
        double duplicatesBefore = duplicatesSkipped();

        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.scored.v1");
        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.scored.v1");
        // A re-score of the same lead (a new event) must not assign it again either.
        topic.publish(lead.leadId(), scored(lead, 80));

        Awaitility.await().atMost(WAIT).until(() -> duplicatesSkipped() > duplicatesBefore);
        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(1, r -> lead.leadId().toString().equals(r.key())
                && r.value().contains("\"status\":\"assigned\""), Duration.ofSeconds(3))).hasSize(1);
        int assignments = 0;
        for (String rep : repIds) {
            assignments += given().when().get("/api/v1/reps/{rep}/assignments", rep).then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.leadId == '" + lead.leadId() + "' }").size();
        }
        assertThat(assignments).isEqualTo(1);
    }

    @Test
    void warmAndColdLeadsAreNotRouted() {
        LeadScored warm = scored(Temperature.WARM, 45);
        LeadScored hot = scored(Temperature.HOT, 60);

        Topic.of(Topics.SCORED).publish(warm.leadId(), warm);
        Topic.of(Topics.SCORED).publish(hot.leadId(), hot);

        Topic.of(Topics.ASSIGNED).awaitEvent(hot.leadId(), LeadAssignment.class, a -> true);
        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(0, r -> warm.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void anImportedHotLeadIsRoutedFromTheBulkLane() {
        LeadScored imported = scored(Temperature.HOT, 65);
        double bulkAssignedBefore = metric("leadflow_bulk_time_to_assign_seconds_count");

        Topic.of(Topics.SCORED_BULK).publish(imported.leadId(), imported);

        LeadAssignment assigned = Topic.of(Topics.ASSIGNED).awaitEvent(imported.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        assertThat(repIds).contains(assigned.repId().toString());
        // Marked as the bulk lane's on the live topic, so intake counts it for its import.
        assertThat(Topic.header(Topic.of(Topics.ASSIGNED).await(r -> imported.leadId().toString().equals(r.key())
                && r.value().contains("\"assigned\"")), "leadflow-lane")).isEqualTo("bulk");
        // Counted apart from live leads, so an import never blurs the live speed-to-lead figures.
        Awaitility.await().atMost(WAIT)
                .until(() -> metric("leadflow_bulk_time_to_assign_seconds_count") > bulkAssignedBefore);
    }

    static double metric(String prefix) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(), prefix);
    }

    @Test
    void anOlderScoreArrivingLateFromTheBulkLaneChangesNothing() {
        LeadScored hotButOlder = scored(Temperature.HOT, 70);
        LeadScored warmAndNewer = new LeadScored(hotButOlder.leadId(), hotButOlder.lead(), hotButOlder.enrichment(),
                "B", 20, 20, 40, Temperature.WARM, Stage.MQL, "test", List.of(),
                hotButOlder.scoredAt().plusSeconds(5));
        double liveBefore = batchesProcessed("routing-scored");
        double bulkBefore = batchesProcessed("routing-scored-bulk");

        Topic.of(Topics.SCORED).publish(warmAndNewer.leadId(), warmAndNewer);
        Awaitility.await().atMost(WAIT).until(() -> batchesProcessed("routing-scored") > liveBefore);
        Topic.of(Topics.SCORED_BULK).publish(hotButOlder.leadId(), hotButOlder);
        Awaitility.await().atMost(WAIT).until(() -> batchesProcessed("routing-scored-bulk") > bulkBefore);

        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(0, r -> hotButOlder.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).as("the lead is warm as of its newest score: not routed").isEmpty();
    }

    @Test
    void scoresPolledTogetherKeepTheirSnapshotsAtOnceAndTheHotOnesAreRoutedInOrder() throws Exception {
        LeadScored warm = scored(Temperature.WARM, 45);
        LeadScored cold = scored(Temperature.COLD, 10);
        LeadScored hot = scored(Temperature.HOT, 60);
        LeadScored turning = scored(Temperature.WARM, 40);
        LeadScored turnedHot = new LeadScored(turning.leadId(), turning.lead(), turning.enrichment(), "A", 30, 35, 65,
                Temperature.HOT, Stage.MQL, "test", List.of(), turning.scoredAt().plusSeconds(1));
        LeadScored erased = scored(Temperature.WARM, 45);
        sql.execute("insert into erased_lead (lead_id, request_id, erased_at) values ('" + erased.leadId() + "', '"
                + UUID.randomUUID() + "', now())");
        List<Topic.Raw> records = List.of(raw(warm), raw(cold), raw(hot), raw(turning), raw(turnedHot), raw(erased));

        publishedTogether(records);

        Topic.of(Topics.ASSIGNED).awaitEvent(hot.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        Topic.of(Topics.ASSIGNED).awaitEvent(turning.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        assertThat(snapshot(warm)).isEqualTo("WARM 45");
        assertThat(snapshot(cold)).isEqualTo("COLD 10");
        assertThat(snapshot(turning)).as("the later of the lead's two scores").isEqualTo("HOT 65");
        assertThat(sql.string("select count(*) from known_lead where lead_id = '" + erased.leadId() + "'"))
                .as("an erased lead's late score is not kept").isEqualTo("0");
        for (LeadScored notHot : List.of(warm, cold, erased)) {
            assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(0, r -> notHot.leadId().toString().equals(r.key()),
                    Duration.ofMillis(500))).isEmpty();
        }
        String ids = records.stream().map(r -> "'" + r.eventId() + "'").collect(Collectors.joining(","));
        // now() is the transaction's start: one transaction recorded every event id of the batch.
        assertThat(sql.string("select count(distinct processed_at) || '/' || count(*) from processed_event "
                + "where consumer = 'routing-scored' and event_id in (" + ids + ")")).isEqualTo("1/6");
    }

    @Inject
    Sql sql;

    static Topic.Raw raw(LeadScored scored) {
        return new Topic.Raw(scored.leadId().toString(), EventJson.write(scored), UUID.randomUUID().toString(),
                "lead.scored.v1");
    }

    /** The temperature and score routing keeps for the lead (its {@code known_lead} snapshot). */
    String snapshot(LeadScored lead) throws SQLException {
        return sql.string("select temperature || ' ' || score from known_lead where lead_id = '" + lead.leadId() + "'");
    }

    /** Publishes the records in one request while the consumer waits on the lock of a lead published before them. */
    void publishedTogether(List<Topic.Raw> records) throws Exception {
        LeadScored held = scored(Temperature.COLD, 5);
        long key = LeadLocks.key(held.leadId());
        try (Connection holder = sql.connection(); Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            try {
                Topic.of(Topics.SCORED).publishRaw(0, held.leadId().toString(), EventJson.write(held),
                        UUID.randomUUID().toString(), "lead.scored.v1");
                Awaitility.await("the consumer waiting on the held lead's lock").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(100)).until(() -> !"0".equals(sql.string(
                                "select count(*) from pg_locks where locktype = 'advisory' and not granted")));
                Topic.of(Topics.SCORED).publishTogether(0, records);
            } finally {
                statement.execute("select pg_advisory_unlock(" + key + ")");
            }
        }
    }

    @Test
    void anUnknownRepIsAProblem() {
        given().when().get("/api/v1/reps/{rep}/assignments", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    static LeadScored scored(LeadScored lead, int newScore) {
        return new LeadScored(lead.leadId(), lead.lead(), lead.enrichment(), lead.grade(), lead.fitScore(),
                lead.engagementScore(), newScore, lead.temperature(), lead.stage(), lead.ruleSetVersion(),
                lead.topContributions(), Instant.now());
    }

    static double batchesProcessed(String consumer) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_events_processing_seconds_count{consumer=\"" + consumer + "\"");
    }

    static double duplicatesSkipped() {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_events_duplicate_total{consumer=\"routing-scored\"");
    }
}
