package io.leadflow.routing.api;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Outcome;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class AssignmentLifecycleFlowTest {

    @Inject
    MovableClock clock;

    LeadAssignment routed(RoutingFixture fixture) {
        LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
    }

    static io.restassured.response.ValidatableResponse post(String path, UUID assignment, String body) {
        return given().contentType(ContentType.JSON).body(body == null ? "{}" : body)
                .when().post("/api/v1/assignments/{id}/" + path, assignment).then();
    }

    @Test
    void acceptingIsPublishedOnceAndAcceptingTwiceAnswersTheSameState() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);

        String acceptedAt = post("accept", assigned.assignmentId(), null).statusCode(200)
                .body("status", equalTo("accepted")).body("repId", equalTo(assigned.repId().toString()))
                .extract().path("acceptedAt");
        post("accept", assigned.assignmentId(), null).statusCode(200)
                .body("status", equalTo("accepted")).body("acceptedAt", equalTo(acceptedAt));

        LeadAssignment accepted = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ACCEPTED);
        assertThat(accepted.assignmentId()).isEqualTo(assigned.assignmentId());
        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(1, r -> r.key().equals(assigned.leadId().toString())
                && r.value().contains("\"status\":\"accepted\""), Duration.ofSeconds(2))).hasSize(1);
        given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                .body("state", equalTo("accepted")).body("slaDueAt", equalTo(null))
                .body("decisions[0].rule", equalTo("source " + fixture.source))
                .body("decisions[0].team", equalTo(fixture.team));
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(PrometheusText.sum(metrics, "leadflow_time_to_accept_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.sum(metrics, "leadflow_time_to_accept_seconds_count{rep=\"" + assigned.repId()
                + "\",team=\"" + fixture.team + "\"}")).as("acceptance time by rep and team").isEqualTo(1);
        assertThat(metrics).contains("leadflow_time_to_accept_seconds_bucket{rep=\"" + assigned.repId() + "\",team=\""
                + fixture.team + "\",le=\"300.0\"}");
        assertThat(PrometheusText.sum(metrics, "leadflow_assignments_total{rule=\"source " + fixture.source
                + "\",team=\"" + fixture.team + "\"}")).isEqualTo(1);
    }

    @Test
    void aDeclinedLeadMovesToTheNextRepAndTheOldAssignmentCanNoLongerBeAccepted() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID ada = fixture.rep("Ada", 5);
        UUID bob = fixture.rep("Bob", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);
        UUID other = assigned.repId().equals(ada) ? bob : ada;

        post("decline", assigned.assignmentId(), "{\"reason\": \"already talking to them\"}").statusCode(200)
                .body("status", equalTo("declined")).body("closedReason", equalTo("already talking to them"));

        LeadAssignment moved = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.REASSIGNED);
        assertThat(moved.repId()).isEqualTo(other);
        assertThat(moved.previousRepId()).isEqualTo(assigned.repId());
        assertThat(moved.assignmentId()).isNotEqualTo(assigned.assignmentId());
        assertThat(moved.reason()).isEqualTo("declined");
        Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.DECLINED && "already talking to them".equals(a.reason()));
        post("accept", assigned.assignmentId(), null).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://leadflow.io/problems/assignment-declined"));
        post("accept", moved.assignmentId(), null).statusCode(200).body("status", equalTo("accepted"));
        given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                .body("decisions[1].trigger", equalTo("declined"))
                .body("decisions[1].skipped.reason", hasItem("already had this lead"));
        assertThat(PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_reassignments_total{reason=\"declined\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aLeadDeclinedByEveryRepIsReleasedToNurturing() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Solo", 5);
        fixture.rule("least_loaded");
        LeadAssignment assigned = routed(fixture);

        post("decline", assigned.assignmentId(), "{\"reason\": \"not my segment\"}").statusCode(200);

        LeadAssignment released = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.RELEASED);
        assertThat(released.reason()).contains("had it");
        given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                .body("state", equalTo("released")).body("decisions[1].result", equalTo("released"));
    }

    @Test
    void outcomesNeedAnAcceptanceMoveForwardAndArePublished() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);
        UUID id = assigned.assignmentId();

        post("outcome", id, "{\"outcome\": \"contacted\"}").statusCode(409)
                .body("type", equalTo("https://leadflow.io/problems/assignment-not-accepted"));
        post("accept", id, null).statusCode(200);
        post("outcome", id, "{\"outcome\": \"contacted\"}").statusCode(200).body("outcome", equalTo("contacted"));
        post("outcome", id, "{\"outcome\": \"meeting_booked\"}").statusCode(200)
                .body("outcome", equalTo("meeting_booked"));
        post("outcome", id, "{\"outcome\": \"contacted\"}").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://leadflow.io/problems/outcome-out-of-order"));
        post("outcome", id, "{\"outcome\": \"disqualified\"}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"));
        post("outcome", id, "{\"outcome\": \"won\"}").statusCode(400).body("errors[0].field", equalTo("outcome"));
        post("outcome", id, "{\"outcome\": \"converted\"}").statusCode(200).body("outcome", equalTo("converted"))
                .body("closedAt", org.hamcrest.Matchers.notNullValue());

        String outcomes = "leadflow_assignment_outcomes_total{outcome=\"%s\",team=\"" + fixture.team + "\"}";
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(PrometheusText.sum(metrics, outcomes.formatted("contacted"))).isEqualTo(1);
        assertThat(PrometheusText.sum(metrics, outcomes.formatted("meeting_booked"))).isEqualTo(1);
        assertThat(PrometheusText.sum(metrics, outcomes.formatted("converted"))).isEqualTo(1);
        // The team's other outcomes are at 0 once the sweeper has seen the team, rather than missing.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .when().get("/q/metrics").then().extract().asString().contains(outcomes.formatted("disqualified")));
        assertThat(PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                outcomes.formatted("disqualified"))).isZero();
        assertThat(metrics).contains("leadflow_reassignments_total{reason=\"manager\"}");

        LeadAssignment booked = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.OUTCOME && a.outcome() == Outcome.MEETING_BOOKED);
        assertThat(booked.assignmentId()).isEqualTo(id);
        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(3, r -> r.key().equals(assigned.leadId().toString())
                && EventJson.read(r.value(), LeadAssignment.class).status() == AssignmentStatus.OUTCOME,
                Duration.ofSeconds(2))).hasSize(3);
    }

    @Test
    void aManagerMovesAnOpenAssignmentToANamedRep() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID ada = fixture.rep("Ada", 5);
        UUID bob = fixture.rep("Bob", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);
        UUID other = assigned.repId().equals(ada) ? bob : ada;

        post("reassign", assigned.assignmentId(), "{\"repId\": \"" + UUID.randomUUID() + "\", \"reason\": \"x\"}")
                .statusCode(400).body("errors[0].field", equalTo("repId"));
        post("reassign", assigned.assignmentId(), "{\"repId\": \"" + other + "\"}")
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        post("reassign", assigned.assignmentId(), "{\"repId\": \"" + other + "\", \"reason\": \"speaks German\"}")
                .statusCode(200).body("status", equalTo("reassigned"));

        LeadAssignment moved = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.REASSIGNED);
        assertThat(moved.repId()).isEqualTo(other);
        assertThat(moved.previousRepId()).isEqualTo(assigned.repId());
        assertThat(moved.reason()).isEqualTo("manager");
        post("reassign", assigned.assignmentId(), "{\"reason\": \"again\"}").statusCode(409)
                .contentType("application/problem+json");
        post("accept", assigned.assignmentId(), null).statusCode(409)
                .body("type", equalTo("https://leadflow.io/problems/assignment-moved"));
        given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                .body("decisions[1].rule", equalTo("manager")).body("assignments[1].repId", equalTo(other.toString()));
        assertThat(PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_reassignments_total{reason=\"manager\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badRequestsAreProblems() {
        post("accept", UUID.randomUUID(), null).statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://leadflow.io/problems/assignment-not-found"));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/assignments/not-a-uuid/accept")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        post("decline", UUID.randomUUID(), "{}").statusCode(400).body("errors[0].field", equalTo("reason"));
        post("decline", UUID.randomUUID(), "{\"reason\": ").statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/leads/{lead}/routing", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
