package io.leadflow.routing.api;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.RepSocketClient;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** A hot lead nobody can take waits in its team's queue, stored, and is assigned the moment someone can. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class QueueFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MovableClock clock;

    LeadScored publish(RoutingFixture fixture) {
        LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return lead;
    }

    static double queued(String team) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_unassigned_queue{team=\"" + team + "\"}");
    }

    @Test
    void aLeadWaitsWhileItsOnlyRepIsAtCapacityAndIsAssignedWhenTheRepFinishesOne() throws Exception {
        RoutingFixture managers = new RoutingFixture().team(null, null);
        UUID manager = managers.rep("Mia Manager", 1);
        RoutingFixture fixture = new RoutingFixture().team(null, manager);
        UUID solo = fixture.rep("Solo", 1);
        fixture.rule("weighted_round_robin");
        try (RepSocketClient managerConsole = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(manager.toString()))) {
            LeadScored first = publish(fixture);
            LeadAssignment firstAssigned = Topic.of(Topics.ASSIGNED).awaitEvent(first.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.ASSIGNED);

            LeadScored second = publish(fixture);

            Topic.of(Topics.ASSIGNED).awaitEvent(second.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.QUEUED);
            given().when().get("/api/v1/leads/{lead}/routing", second.leadId()).then().statusCode(200)
                    .body("state", equalTo("queued")).body("team", equalTo(fixture.team))
                    .body("decisions[0].result", equalTo("queued"))
                    .body("decisions[0].skipped.reason", hasItem("at capacity (1/1)"));
            managerConsole.await(m -> m.contains("\"escalation\"") && m.contains(second.leadId().toString()), WAIT);
            Awaitility.await().atMost(WAIT).until(() -> queued(fixture.team) == 1);

            given().contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/assignments/{id}/accept", firstAssigned.assignmentId())
                    .then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"outcome\": \"disqualified\", \"reason\": \"student\"}")
                    .when().post("/api/v1/assignments/{id}/outcome", firstAssigned.assignmentId())
                    .then().statusCode(200);

            LeadAssignment secondAssigned = Topic.of(Topics.ASSIGNED).awaitEvent(second.leadId(),
                    LeadAssignment.class, a -> a.status() == AssignmentStatus.ASSIGNED);
            assertThat(secondAssigned.repId()).isEqualTo(solo);
            given().when().get("/api/v1/leads/{lead}/routing", second.leadId()).then().statusCode(200)
                    .body("state", equalTo("assigned")).body("decisions[1].trigger", equalTo("queue"));
            Awaitility.await().atMost(WAIT).until(() -> queued(fixture.team) == 0);
        }
    }

    @Test
    void aLeadWaitsWhileItsRepIsOutOfOfficeAndIsAssignedWhenTheyReturn() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        Map<String, String> away = Map.of("from", clock.instant().minusSeconds(3600).toString(),
                "until", clock.instant().plus(Duration.ofDays(7)).toString());
        UUID rep = RoutingFixture.rep("Away", fixture.team, 5, List.of(away));
        fixture.rule("weighted_round_robin");

        LeadScored lead = publish(fixture);
        Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.QUEUED);
        String reason = given().when().get("/api/v1/leads/{lead}/routing", lead.leadId()).then().statusCode(200)
                .extract().path("decisions[0].skipped[0].reason");
        assertThat(reason).startsWith("out of office until");

        Map<String, Object> back = RoutingFixture.repBody("Away", fixture.team, 5, List.of());
        back.put("email", given().when().get("/api/v1/admin/reps").then().extract().jsonPath()
                .getString("find { it.id == '" + rep + "' }.email"));
        given().contentType(ContentType.JSON).body(EventJson.write(back))
                .when().put("/api/v1/admin/reps/{id}", rep).then().statusCode(200);

        LeadAssignment assigned = Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
        assertThat(assigned.repId()).isEqualTo(rep);
    }

    @Test
    void aLeadWaitingLongerThanTheQueueAllowsIsReleasedToNurturing() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        Map<String, String> away = Map.of("from", clock.instant().minusSeconds(3600).toString(),
                "until", clock.instant().plus(Duration.ofDays(30)).toString());
        RoutingFixture.rep("Gone", fixture.team, 5, List.of(away));
        fixture.rule("weighted_round_robin");
        LeadScored lead = publish(fixture);
        Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.QUEUED);

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        LeadAssignment released = Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.RELEASED);
        assertThat(released.reason()).startsWith("waited in the queue longer than");
        given().when().get("/api/v1/leads/{lead}/routing", lead.leadId()).then().statusCode(200)
                .body("state", equalTo("released"));
    }
}
