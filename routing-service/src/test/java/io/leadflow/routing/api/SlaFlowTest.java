package io.leadflow.routing.api;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

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

/** The SLA engine's timers, reached by moving the service's clock instead of waiting. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class SlaFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MovableClock clock;

    LeadAssignment routed(RoutingFixture fixture) {
        LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
    }

    static RepSocketClient console(UUID rep) {
        return RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(rep.toString()));
    }

    @Test
    void reassignsWhenRepDoesNotAcceptInTime() throws Exception {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID ada = fixture.rep("Ada", 5);
        UUID bob = fixture.rep("Bob", 5);
        fixture.rule("weighted_round_robin");
        try (RepSocketClient adaConsole = console(ada); RepSocketClient bobConsole = console(bob)) {
            LeadAssignment first = routed(fixture);
            RepSocketClient firstConsole = first.repId().equals(ada) ? adaConsole : bobConsole;
            RepSocketClient nextConsole = first.repId().equals(ada) ? bobConsole : adaConsole;
            firstConsole.await(m -> m.contains(first.assignmentId().toString()), WAIT);

            clock.advance(Duration.ofMinutes(2).plusSeconds(1));

            LeadAssignment moved = Topic.of(Topics.ASSIGNED).awaitEvent(first.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.REASSIGNED);
            assertThat(moved.previousRepId()).isEqualTo(first.repId());
            assertThat(moved.repId()).isNotEqualTo(first.repId());
            assertThat(moved.reason()).isEqualTo("ack_timeout");
            JsonNode revoked = EventJson.mapper().readTree(firstConsole.await(
                    m -> m.contains("\"revoked\"") && m.contains(first.assignmentId().toString()), WAIT));
            assertThat(revoked.get("reason").asText()).isEqualTo("ack_timeout");
            nextConsole.await(m -> m.contains("\"assignment\"") && m.contains(moved.assignmentId().toString()), WAIT);
            given().contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/assignments/{id}/accept", first.assignmentId())
                    .then().statusCode(409).body("type", equalTo("https://leadflow.io/problems/assignment-moved"));
            assertThat(PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                    "leadflow_reassignments_total{reason=\"ack_timeout\"}")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aLeadNeverAcceptedByAnyRepIsReleased() {
        RoutingFixture fixture = new RoutingFixture().team("PT1M", null);
        fixture.rep("Solo", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);
        assertThat(assigned.acceptBy()).isEqualTo(assigned.occurredAt().plusSeconds(60));

        clock.advance(Duration.ofSeconds(61));

        LeadAssignment released = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.RELEASED);
        assertThat(released.previousRepId()).isEqualTo(assigned.repId());
        given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                .body("state", equalTo("released")).body("assignments[0].status", equalTo("reassigned"));
    }

    @Test
    void aLeadNotAcceptedWithinFiveMinutesBreachesTheSlaAndIsEscalatedToTheManager() throws Exception {
        RoutingFixture managers = new RoutingFixture().team(null, null);
        UUID manager = managers.rep("Mia Manager", 1);
        RoutingFixture fixture = new RoutingFixture().team("PT10M", manager);
        fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        try (RepSocketClient managerConsole = console(manager)) {
            LeadAssignment assigned = routed(fixture);
            double breachesBefore = breaches(fixture.team);

            clock.advance(Duration.ofMinutes(5).plusSeconds(1));

            LeadAssignment breached = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.SLA_BREACHED);
            assertThat(breached.assignmentId()).isEqualTo(assigned.assignmentId());
            LeadAssignment escalated = Topic.of(Topics.ASSIGNED).awaitEvent(assigned.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.ESCALATED);
            assertThat(escalated.repId()).isEqualTo(manager);
            JsonNode pushed = EventJson.mapper().readTree(managerConsole.await(
                    m -> m.contains("\"escalation\"") && m.contains(assigned.leadId().toString()), WAIT));
            assertThat(pushed.get("reason").asText()).isEqualTo("sla_breached");
            assertThat(pushed.at("/lead/name").asText()).isEqualTo("Claire Martin");
            assertThat(breaches(fixture.team)).isEqualTo(breachesBefore + 1);
            given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                    .body("slaBreachedAt", notNullValue()).body("state", equalTo("assigned"));
            // Once breached, a lead is not breached again.
            clock.advance(Duration.ofSeconds(30));
            assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(1, r -> r.key().equals(assigned.leadId().toString())
                    && r.value().contains("\"sla_breached\""), Duration.ofSeconds(1))).hasSize(1);
        }
    }

    @Test
    void anAcceptedLeadNeverBreaches() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        LeadAssignment assigned = routed(fixture);
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/assignments/{id}/accept", assigned.assignmentId()).then().statusCode(200);

        clock.advance(Duration.ofMinutes(6));

        assertThat(Topic.of(Topics.ASSIGNED).awaitExactly(0, r -> r.key().equals(assigned.leadId().toString())
                && (r.value().contains("\"sla_breached\"") || r.value().contains("\"reassigned\"")),
                Duration.ofSeconds(2))).isEmpty();
    }

    static double breaches(String team) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_sla_breaches_total{team=\"" + team + "\"}");
    }

    @Test
    void aTeamCountingTheSlaInBusinessHoursStartsTheClockWhenBusinessOpens() {
        // The business team works only tomorrow from 00:10 (UTC): a lead arriving now is due at 00:15 tomorrow, at least
        // fifteen minutes from now. Two reps and a long acknowledgement time-out keep the lead assigned until then.
        java.time.Instant now = clock.instant();
        java.time.LocalDate tomorrow = now.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1);
        RoutingFixture business = new RoutingFixture();
        given().contentType(ContentType.JSON).body(EventJson.write(java.util.Map.of("name", "Business",
                "ackTimeout", "PT24H", "slaBusinessHours", java.util.Map.of("timeZone", "UTC", "hours",
                        java.util.List.of(java.util.Map.of("days", java.util.List.of(tomorrow.getDayOfWeek().name()),
                                "from", "00:10", "to", "24:00")),
                        "holidays", java.util.List.of(tomorrow.plusDays(1).toString())))))
                .when().put("/api/v1/admin/teams/{team}", business.team)
                .then().statusCode(200).body("slaBusinessHours.timeZone", equalTo("UTC"));
        business.rep("Bea", 5);
        business.rep("Ben", 5);
        business.rule("weighted_round_robin");
        RoutingFixture elapsed = new RoutingFixture().team("PT12H", null);
        elapsed.rep("Eli", 5);
        elapsed.rule("weighted_round_robin");

        LeadAssignment atNight = routed(business);
        LeadAssignment control = routed(elapsed);
        java.time.Instant expectedDue = tomorrow.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                .plus(Duration.ofMinutes(15));
        given().when().get("/api/v1/leads/{lead}/routing", atNight.leadId()).then().statusCode(200)
                .body("slaDueAt", equalTo(expectedDue.toString()));

        // Six minutes later the elapsed-time lead breached; the business-hours one did not (same sweep).
        clock.advance(Duration.ofMinutes(6));
        Topic.of(Topics.ASSIGNED).awaitEvent(control.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.SLA_BREACHED);
        given().when().get("/api/v1/leads/{lead}/routing", atNight.leadId()).then().statusCode(200)
                .body("slaBreachedAt", org.hamcrest.Matchers.nullValue());

        // Past the business deadline it breaches.
        clock.advance(Duration.between(clock.instant(), expectedDue).plusSeconds(1));
        Topic.of(Topics.ASSIGNED).awaitEvent(atNight.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.SLA_BREACHED);

        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"slaBusinessHours\": {\"timeZone\": \"Mars/Base\", "
                + "\"hours\": [], \"holidays\": [\"not-a-date\"]}}")
                .when().put("/api/v1/admin/teams/{team}", "bad-calendar")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"slaBusinessHours\": {\"timeZone\": \"Mars/Base\", "
                + "\"hours\": []}}")
                .when().put("/api/v1/admin/teams/{team}", "bad-calendar")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems(
                        "slaBusinessHours.timeZone", "slaBusinessHours.hours"));
    }
}
