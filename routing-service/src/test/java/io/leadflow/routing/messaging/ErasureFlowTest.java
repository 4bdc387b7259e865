package io.leadflow.routing.messaging;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Channel;
import io.leadflow.events.Company;
import io.leadflow.events.Contact;
import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.PersonalData;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * An erasure request on the real broker removes the person from every table of routing (their summary, the scoring
 * reasons, what reps typed about them, task notes, outbox events not yet sent), withdraws their open assignment and
 * tasks, keeps the facts audit and metrics need, and is confirmed once; late or replayed events about the lead never
 * bring the person back, and a malformed request is dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ErasureFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String REQUESTED = "lead.erasure.requested.v1";

    @Inject
    MovableClock clock;

    /** A hot lead of the fixture whose name, email and phone appear nowhere else. */
    static LeadScored person(RoutingFixture fixture, Instant receivedAt, String marker) {
        LeadScored lead = fixture.hotLead(receivedAt, "erasable-" + marker + ".fr");
        LeadProfile profile = lead.lead();
        LeadProfile named = new LeadProfile(new Contact("zoe." + marker + "@erasable-" + marker + ".fr",
                "Zoé" + marker, "Erasmus" + marker, "+3361" + marker.replaceAll("[^0-9]", "7").substring(0, 7),
                "Directrice"), new Company("Erasable " + marker, "https://erasable-" + marker + ".fr"),
                profile.country(), profile.language(), profile.timeZone(), profile.source(), profile.campaign(),
                profile.utm(), profile.consent(), profile.receivedAt());
        return new LeadScored(lead.leadId(), named, lead.enrichment(), lead.grade(), lead.fitScore(),
                lead.engagementScore(), lead.score(), lead.temperature(), lead.stage(), lead.ruleSetVersion(),
                lead.topContributions(), lead.scoredAt());
    }

    static List<String> needles(LeadScored lead) {
        Contact contact = lead.lead().contact();
        return List.of(contact.email(), contact.firstName(), contact.lastName(), contact.phone());
    }

    static List<String> rowsMentioning(List<String> needles) throws SQLException {
        Config config = ConfigProvider.getConfig();
        return PersonalData.rowsMentioning(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class), needles);
    }

    static ErasureCompleted awaitConfirmation(UUID requestId) {
        ConsumerRecord<String, String> confirmed = Topic.of(Topics.PRIVACY).await(r -> isConfirmation(r, requestId));
        return EventJson.read(confirmed.value(), ErasureCompleted.class);
    }

    static boolean isConfirmation(ConsumerRecord<String, String> record, UUID requestId) {
        if (!"lead.erasure.completed.v1".equals(Topic.header(record, "ce_type"))) {
            return false;
        }
        ErasureCompleted completed = EventJson.read(record.value(), ErasureCompleted.class);
        return requestId.equals(completed.requestId()) && "routing-service".equals(completed.service());
    }

    static double metric(String series) {
        return PrometheusText.sum(RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString(), series);
    }

    /** Waits until routing's consumer recorded this event id as processed (whether or not it changed anything). */
    static void awaitProcessed(String consumer, String eventId) throws SQLException {
        Config config = ConfigProvider.getConfig();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (var connection = java.sql.DriverManager.getConnection(
                    config.getValue("quarkus.datasource.jdbc.url", String.class),
                    config.getValue("quarkus.datasource.username", String.class),
                    config.getValue("quarkus.datasource.password", String.class));
                    var statement = connection.prepareStatement(
                            "select count(*) from processed_event where consumer = ? and event_id = ?")) {
                statement.setString(1, consumer);
                statement.setString(2, eventId);
                try (var rows = statement.executeQuery()) {
                    return rows.next() && rows.getLong(1) == 1;
                }
            }
        });
    }

    @Test
    void erasureLeavesNoTraceOfThePersonWithdrawsTheirLeadAndIsConfirmedOnce() throws Exception {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID ada = fixture.rep("Ada", 5);
        UUID bob = fixture.rep("Bob", 5);
        fixture.rule("weighted_round_robin");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        LeadScored lead = person(fixture, clock.instant(), marker);
        UUID leadId = lead.leadId();
        Topic.of(Topics.SCORED).publish(leadId, lead);
        LeadAssignment first = Topic.of(Topics.ASSIGNED).awaitEvent(leadId, LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        // What a rep types about the person is theirs too.
        given().contentType("application/json")
                .body("{\"reason\": \"" + lead.lead().contact().firstName() + " asked to be called by the other rep\"}")
                .when().post("/api/v1/assignments/{id}/decline", first.assignmentId()).then().statusCode(200);
        LeadAssignment second = Topic.of(Topics.ASSIGNED).awaitEvent(leadId, LeadAssignment.class,
                a -> a.status() == AssignmentStatus.REASSIGNED);
        assertThat(List.of(first.repId(), second.repId())).containsExactlyInAnyOrder(ada, bob);
        String taskEvent = Topic.of(Topics.NURTURE).publish(leadId, new LeadNurture(leadId, UUID.randomUUID(),
                "warm-b2b", NurtureStatus.TASK_CREATED, 2, Channel.CALL_TASK, clock.instant().plusSeconds(3600),
                "call " + lead.lead().contact().lastName(), clock.instant(), clock.instant()));
        awaitProcessed("routing-nurture", taskEvent);
        assertThat(given().when().get("/api/v1/reps/{rep}/tasks", second.repId()).then().statusCode(200).extract()
                .jsonPath().getList("leadId")).contains(leadId.toString());
        assertThat(rowsMentioning(needles(lead))).as("routing knew the person").isNotEmpty();

        UUID requestId = UUID.randomUUID();
        String requestEvent = UUID.randomUUID().toString();
        String request = EventJson.write(new ErasureRequested(requestId, leadId, "0".repeat(64), Instant.now()));
        Topic.of(Topics.PRIVACY).publishRaw(leadId.toString(), request, requestEvent, REQUESTED);

        ErasureCompleted completed = awaitConfirmation(requestId);
        assertThat(completed.leadId()).isEqualTo(leadId);
        assertThat(rowsMentioning(needles(lead))).as("rows of routing's tables naming the person").isEmpty();
        assertThat(rowsMentioning(List.of(marker))).as("rows with the company or domain of the person").isEmpty();

        // The facts audit and metrics need stay: the lead, its team, its reps, its states and times.
        JsonPath routing = given().when().get("/api/v1/leads/{id}/routing", leadId).then().statusCode(200).extract()
                .jsonPath();
        assertThat(routing.getString("state")).isEqualTo("released");
        assertThat(routing.getString("team")).isEqualTo(fixture.team);
        assertThat(routing.getList("assignments.repId")).containsExactlyInAnyOrder(ada.toString(), bob.toString());
        assertThat(routing.getList("assignments.status")).containsExactlyInAnyOrder("declined", "released");
        assertThat(routing.getList("assignments.lead.name")).containsOnlyNulls();
        assertThat(routing.getList("assignments.reasons.flatten()")).isEmpty();
        assertThat(routing.getList("assignments.closedReason")).containsExactlyInAnyOrder("declined (reason erased)",
                "erased");
        assertThat(routing.getList("decisions.repId")).isNotEmpty();
        // Nobody may call the person any more: the open assignment and the task are gone from the reps' work.
        given().when().post("/api/v1/assignments/{id}/accept", second.assignmentId()).then().statusCode(409);
        assertThat(given().when().get("/api/v1/reps/{rep}/tasks", second.repId()).then().statusCode(200).extract()
                .jsonPath().getList("leadId")).doesNotContain(leadId.toString());

        // The same request delivered again is a duplicate: no second erasure, no second confirmation.
        double duplicates = metric("leadflow_events_duplicate_total{consumer=\"routing-privacy\"");
        Topic.of(Topics.PRIVACY).publishRaw(leadId.toString(), request, requestEvent, REQUESTED);
        Awaitility.await().atMost(WAIT)
                .until(() -> metric("leadflow_events_duplicate_total{consumer=\"routing-privacy\"") > duplicates);
        assertThat(Topic.of(Topics.PRIVACY).awaitExactly(1, r -> isConfirmation(r, requestId),
                Duration.ofSeconds(2))).hasSize(1);

        // A replay of the lead's score and task, as new events, does not bring the person back.
        int published = Topic.of(Topics.ASSIGNED).collect(r -> leadId.toString().equals(r.key()),
                records -> records.size() >= 3, WAIT, Duration.ofSeconds(1)).size();
        String replayedScore = Topic.of(Topics.SCORED).publish(leadId, lead);
        String replayedTask = Topic.of(Topics.NURTURE).publish(leadId, new LeadNurture(leadId, UUID.randomUUID(),
                "warm-b2b", NurtureStatus.TASK_CREATED, 3, Channel.CALL_TASK, clock.instant().plusSeconds(3600),
                "call " + lead.lead().contact().lastName(), clock.instant(), clock.instant()));
        awaitProcessed("routing-scored", replayedScore);
        awaitProcessed("routing-nurture", replayedTask);
        assertThat(rowsMentioning(needles(lead))).as("rows naming the person after the replay").isEmpty();
        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(published, r -> leadId.toString().equals(r.key()),
                Duration.ofSeconds(2))).as("events of the lead on leads.assigned, none after the replay")
                .hasSize(published);
    }

    @Test
    void aRequestThatCannotBeReadOrNamesNoLeadIsDeadLettered() {
        String unreadable = UUID.randomUUID().toString();
        Topic.of(Topics.PRIVACY).publishRaw(unreadable, "{\"requestId\": ", UUID.randomUUID().toString(), REQUESTED);
        String anonymous = UUID.randomUUID().toString();
        Topic.of(Topics.PRIVACY).publishRaw(anonymous, EventJson.write(new ErasureRequested(UUID.randomUUID(), null,
                null, Instant.now())), UUID.randomUUID().toString(), REQUESTED);

        Topic deadLetters = Topic.of(Topics.deadLetter(Topics.PRIVACY));
        assertThat(deadLetters.await(r -> unreadable.equals(r.key()))).isNotNull();
        assertThat(deadLetters.await(r -> anonymous.equals(r.key()))).isNotNull();
    }
}
