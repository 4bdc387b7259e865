package io.leadflow.routing.live;

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
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
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
import io.restassured.http.ContentType;

/** A rep's presence: online with a console open, offline without, away by their own choice (and then no new leads). */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class PresenceFlowTest {

    @Inject
    MovableClock clock;

    static String presence(UUID rep) {
        return given().when().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == '" + rep + "' }.presence");
    }

    static io.restassured.response.ValidatableResponse set(UUID rep, String status) {
        return given().contentType(ContentType.JSON).body("{\"status\": \"" + status + "\"}")
                .when().put("/api/v1/reps/{rep}/presence", rep).then();
    }

    @Test
    void anAwayRepGetsNoNewLeadsUntilBackAndAnOpenConsoleShowsOnline() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Paula", 5);
        fixture.rule("weighted_round_robin");
        assertThat(presence(rep)).isEqualTo("offline");
        try (RepSocketClient console = RepSocketClient.connect("localhost", RestAssured.port, Api.socketOf(rep.toString()))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "online".equals(presence(rep)));

            set(rep, "away").statusCode(200).body("presence", equalTo("away"));
            LeadScored lead = fixture.hotLead(clock.instant(), "acme-" + UUID.randomUUID() + ".fr");
            Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
            Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.QUEUED);
            given().when().get("/api/v1/leads/{lead}/routing", lead.leadId()).then().statusCode(200)
                    .body("decisions[0].skipped.reason", hasItem("away"));

            set(rep, "online").statusCode(200).body("presence", equalTo("online"));
            LeadAssignment assigned = Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.ASSIGNED);
            assertThat(assigned.repId()).isEqualTo(rep);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "offline".equals(presence(rep)));
    }

    @Test
    void onlyAwayAndOnlineCanBeChosen() {
        set(UUID.randomUUID(), "online").statusCode(404).contentType("application/problem+json");
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Paula", 5);
        set(rep, "offline").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
    }
}
