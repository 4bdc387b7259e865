package io.leadflow.routing.messaging;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Channel;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Nurturing's call and LinkedIn tasks reach a rep's list and console as {@code task} messages. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class NurtureTaskFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MovableClock clock;

    LeadNurture task(UUID leadId, Channel channel) {
        return new LeadNurture(leadId, UUID.randomUUID(), "warm-b2b", NurtureStatus.TASK_CREATED, 3, channel,
                clock.instant().plusSeconds(3600), "call-after-webinar", clock.instant(), clock.instant());
    }

    @Test
    void aCallTaskGoesToTheRepWhoHadTheLeadLiveAndOnReconnect() throws Exception {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);

        try (RepSocketClient console = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(rep.toString()))) {
            Topic.of(Topics.NURTURE).publish(lead.leadId(), task(lead.leadId(), Channel.CALL_TASK));

            JsonNode pushed = EventJson.mapper().readTree(console.await(m -> m.contains("\"task\"")
                    && m.contains(lead.leadId().toString()), WAIT));
            assertThat(pushed.get("taskId").asText()).isNotBlank();
            assertThat(pushed.get("reason").asText()).isEqualTo("call_task");
            assertThat(pushed.at("/lead/name").asText()).isEqualTo("Claire Martin");
            assertThat(pushed.at("/lead/phone").asText()).isEqualTo("+33612345678");
            List<String> tasks = given().when().get("/api/v1/reps/{rep}/tasks", rep).then().statusCode(200)
                    .extract().jsonPath().getList("taskId");
            assertThat(tasks).contains(pushed.get("taskId").asText());

            try (RepSocketClient again = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(rep.toString()))) {
                again.await(m -> m.contains(pushed.get("taskId").asText()), WAIT);
            }
        }
    }

    @Test
    void aTaskForALeadNeverAssignedGoesToARepOfTheDefaultTeam() {
        LeadScored warm = RoutingFixture.scored(UUID.randomUUID(), "website", clock.instant(), "warm.fr", "FR");
        warm = new LeadScored(warm.leadId(), warm.lead(), warm.enrichment(), "B", 20, 20, 40, Temperature.WARM,
                warm.stage(), warm.ruleSetVersion(), warm.topContributions(), warm.scoredAt());
        Topic.of(Topics.SCORED).publish(warm.leadId(), warm);
        UUID leadId = warm.leadId();
        Topic.of(Topics.NURTURE).publish(leadId, task(leadId, Channel.LINKEDIN_TASK));

        List<String> demoReps = given().when().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.team == 'demo' }.id");
        Awaitility.await().atMost(WAIT).until(() -> demoReps.stream().anyMatch(rep -> given()
                .when().get("/api/v1/reps/{rep}/tasks", rep).then().extract().jsonPath()
                .getList("findAll { it.leadId == '" + leadId + "' && it.channel == 'linkedin_task' }").size() == 1));
    }

    @Test
    void aTaskOnAChannelThisVersionDoesNotKnowIsSkippedNotDeadLettered() throws Exception {
        LeadScored warm = RoutingFixture.scored(UUID.randomUUID(), "website", clock.instant(), "newer.fr", "FR");
        warm = new LeadScored(warm.leadId(), warm.lead(), warm.enrichment(), "B", 20, 20, 40, Temperature.WARM,
                warm.stage(), warm.ruleSetVersion(), warm.topContributions(), warm.scoredAt());
        Topic.of(Topics.SCORED).publish(warm.leadId(), warm);
        UUID leadId = warm.leadId();
        // A newer nurturing's task: a channel and a property this version has never heard of.
        String unknownId = UUID.randomUUID().toString();
        String newer = EventJson.write(task(leadId, Channel.CALL_TASK))
                .replace("\"channel\":\"call_task\"", "\"channel\":\"whatsapp_task\",\"template\":\"hello\"");
        assertThat(newer).contains("whatsapp_task");
        Topic.of(Topics.NURTURE).publishRaw(leadId.toString(), newer, unknownId, "lead.nurture.v1");

        ErasureFlowTest.awaitProcessed("routing-nurture", unknownId);
        assertThat(Topic.of(Topics.deadLetter(Topics.NURTURE)).awaitExactly(0,
                r -> leadId.toString().equals(r.key()), Duration.ofSeconds(3))).isEmpty();
        // The lead's next, known task still reaches a rep; the unknown one made none.
        Topic.of(Topics.NURTURE).publish(leadId, task(leadId, Channel.LINKEDIN_TASK));
        List<String> demoReps = given().when().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.team == 'demo' }.id");
        Awaitility.await().atMost(WAIT).until(() -> demoReps.stream().mapToInt(rep -> given()
                .when().get("/api/v1/reps/{rep}/tasks", rep).then().extract().jsonPath()
                .getList("findAll { it.leadId == '" + leadId + "' }").size()).sum() == 1);
        assertThat(demoReps.stream().flatMap(rep -> given().when().get("/api/v1/reps/{rep}/tasks", rep).then()
                .extract().jsonPath().<String> getList("findAll { it.leadId == '" + leadId + "' }.channel").stream()))
                .containsExactly("linkedin_task");
    }

    @Test
    void aTaskWithoutAChannelIsDeadLettered() {
        UUID leadId = UUID.randomUUID();
        Topic.of(Topics.NURTURE).publish(leadId, task(leadId, null));

        assertThat(Topic.of(Topics.deadLetter(Topics.NURTURE)).await(r -> leadId.toString().equals(r.key())))
                .isNotNull();
    }
}
