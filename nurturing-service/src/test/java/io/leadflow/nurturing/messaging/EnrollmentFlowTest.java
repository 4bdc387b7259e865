package io.leadflow.nurturing.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class EnrollmentFlowTest {

    @Inject
    TestClock clock;

    /** Nothing falls due on a Saturday: the planned touches stay as planned while these tests look at them. */
    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    static LeadScored scored(Temperature temperature) {
        Instant receivedAt = Instant.now();
        return new LeadScored(UUID.randomUUID(), new LeadProfile(
                new Contact("bo@gmail.com", "Bo", "Lind", null, null), new Company(null, null), "SE", "sv",
                "Europe/Stockholm", "website", null, null, new Consent(true, null, receivedAt, "api"), receivedAt),
                new Enrichment("gmail.com", true, "unknown", null, null, null), "D", -10, 10, 0, temperature,
                Stage.LEAD, "test", List.of(), receivedAt);
    }

    static void awaitEnrollment(UUID leadId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", leadId).statusCode() == 200);
    }

    @Test
    void aColdLeadIsEnrolledWithItsTouchesPlanned() {
        LeadScored lead = scored(Temperature.COLD);

        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);

        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        assertThat(enrolled.sequenceId()).isEqualTo("default");
        assertThat(enrolled.receivedAt()).isEqualTo(lead.lead().receivedAt());
        awaitEnrollment(lead.leadId());
        TestTokens.as(Roles.OPS).when().get("/api/v1/leads/{id}/enrollment", lead.leadId())
                .then().statusCode(200)
                .body("enrollmentId", equalTo(enrolled.enrollmentId().toString()))
                .body("sequenceId", equalTo("default")).body("status", equalTo("active"))
                .body("timeZone", equalTo("Europe/Stockholm")).body("language", equalTo("sv"))
                .body("touches", hasSize(5))
                .body("touches.channel", contains("email", "email", "call_task", "email", "email"))
                .body("touches.status", contains("scheduled", "scheduled", "scheduled", "scheduled", "scheduled"));
    }

    @Test
    void aHotLeadIsLeftToTheReps() {
        LeadScored hot = scored(Temperature.HOT);
        LeadScored warm = scored(Temperature.WARM);

        Topic.of(Topics.SCORED).publish(hot.leadId(), hot);
        Topic.of(Topics.SCORED).publish(warm.leadId(), warm);

        Topic.of(Topics.NURTURE).awaitEvent(warm.leadId(), LeadNurture.class, e -> true);
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(0, r -> hot.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).isEmpty();
        TestTokens.as(Roles.OPS).when().get("/api/v1/leads/{id}/enrollment", hot.leadId())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aLeadThatTurnsHotLeavesItsSequenceForTheReps() {
        LeadScored warm = scored(Temperature.WARM);
        Topic.of(Topics.SCORED).publish(warm.leadId(), warm);
        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(warm.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);

        LeadScored hot = new LeadScored(warm.leadId(), warm.lead(), warm.enrichment(), "A", 30, 40, 70,
                Temperature.HOT, Stage.MQL, "test", List.of(), Instant.now());
        Topic.of(Topics.SCORED).publish(hot.leadId(), hot);

        LeadNurture exited = Topic.of(Topics.NURTURE).awaitEvent(warm.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.EXITED);
        assertThat(exited.enrollmentId()).isEqualTo(enrolled.enrollmentId());
        assertThat(exited.reason()).isEqualTo("handed_to_sales");
        // The event leaves just before its transaction commits.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "exited".equals(TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", warm.leadId()).jsonPath().getString("status")));
        TestTokens.as(Roles.OPS).when().get("/api/v1/leads/{id}/enrollment", warm.leadId())
                .then().statusCode(200).body("status", equalTo("exited"))
                .body("exitReason", equalTo("handed_to_sales"))
                .body("touches.status", contains("cancelled", "cancelled", "cancelled", "cancelled", "cancelled"));
    }

    @Test
    void anImportedLeadIsEnrolledFromTheBulkLane() {
        LeadScored imported = scored(Temperature.WARM);

        Topic.of(Topics.SCORED_BULK).publish(imported.leadId(), imported);

        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(imported.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        assertThat(enrolled.sequenceId()).isEqualTo("default");
        // Marked as the bulk lane's on the live topic, so intake counts it for its import; a live lead's is not.
        assertThat(Topic.header(Topic.of(Topics.NURTURE).await(r -> imported.leadId().toString().equals(r.key())
                && r.value().contains("\"enrolled\"")), "leadflow-lane")).isEqualTo("bulk");
        LeadScored live = scored(Temperature.WARM);
        Topic.of(Topics.SCORED).publish(live.leadId(), live);
        assertThat(Topic.header(Topic.of(Topics.NURTURE).await(r -> live.leadId().toString().equals(r.key())
                && r.value().contains("\"enrolled\"")), "leadflow-lane")).isNull();
    }

    @Test
    void anOlderScoreArrivingLateFromTheBulkLaneNeitherEnrollsNorUndoesTheHandOff() {
        LeadScored warmButOlder = scored(Temperature.WARM);
        LeadScored hotAndNewer = new LeadScored(warmButOlder.leadId(), warmButOlder.lead(),
                warmButOlder.enrichment(), "A", 30, 40, 70, Temperature.HOT, Stage.MQL, "test", List.of(),
                warmButOlder.scoredAt().plusSeconds(5));
        double liveBefore = batchesProcessed("nurturing-scored");
        double bulkBefore = batchesProcessed("nurturing-scored-bulk");

        Topic.of(Topics.SCORED).publish(hotAndNewer.leadId(), hotAndNewer);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> batchesProcessed("nurturing-scored") > liveBefore);
        Topic.of(Topics.SCORED_BULK).publish(warmButOlder.leadId(), warmButOlder);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> batchesProcessed("nurturing-scored-bulk") > bulkBefore);

        assertThat(Topic.of(Topics.NURTURE).awaitExactly(0, r -> warmButOlder.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).as("hot as of its newest score: left to the reps").isEmpty();
        TestTokens.as(Roles.OPS).when().get("/api/v1/leads/{id}/enrollment", warmButOlder.leadId())
                .then().statusCode(404);
    }

    static double batchesProcessed(String consumer) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_events_processing_seconds_count{consumer=\"" + consumer + "\"");
    }

    @Test
    void aLeadIsEnrolledOnceHoweverOftenItsEventsArrive() {
        LeadScored lead = scored(Temperature.WARM);
        String eventId = UUID.randomUUID().toString();
        Topic topic = Topic.of(Topics.SCORED);

        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.scored.v1");
        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.scored.v1");
        topic.publish(lead.leadId(), lead);

        assertThat(Topic.of(Topics.NURTURE).awaitExactly(1, r -> lead.leadId().toString().equals(r.key()),
                Duration.ofSeconds(3))).hasSize(1);
    }
}
