package io.leadflow.routing.api;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Teams, reps, rules and accounts set through the admin API decide where leads go; bad payloads are problems. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class AdminApiTest {

    @Inject
    MovableClock clock;

    LeadAssignment route(LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ASSIGNED);
    }

    @Test
    void theAccountOwnerGetsTheirAccountsLeadsFirst() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        fixture.rep("Ada", 5);
        UUID owner = fixture.rep("Olga Owner", 5);
        fixture.rule("weighted_round_robin");
        String domain = "owned-" + UUID.randomUUID().toString().substring(0, 8) + ".fr";
        given().contentType(ContentType.JSON).body("{\"ownerRepId\": \"" + owner + "\"}")
                .when().put("/api/v1/admin/accounts/{domain}", domain.toUpperCase())
                .then().statusCode(200).body("domain", equalTo(domain));

        for (int i = 0; i < 2; i++) {
            LeadAssignment assigned = route(fixture.hotLead(clock.instant(), domain));
            assertThat(assigned.repId()).isEqualTo(owner);
            given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                    .body("decisions[0].rule", equalTo("account owner"));
        }
        given().when().get("/api/v1/admin/accounts").then().statusCode(200)
                .body("domain", hasItem(domain));
    }

    @Test
    void rulesApplyInTheirOrderAndWeightsShareTheTurns() {
        RoutingFixture germany = new RoutingFixture().team(null, null);
        UUID hans = germany.rep("Hans", 5);
        RoutingFixture rest = new RoutingFixture().team(null, null);
        Map<String, Object> heavy = RoutingFixture.repBody("Heavy", rest.team, 10, List.of());
        heavy.put("weight", 2);
        UUID heavyId = UUID.fromString(given().contentType(ContentType.JSON).body(EventJson.write(heavy))
                .when().post("/api/v1/admin/reps").then().statusCode(201).extract().path("id"));
        UUID light = rest.rep("Light", 10);
        List<Map<String, Object>> rules = new ArrayList<>(given().when().get("/api/v1/admin/rules")
                .then().statusCode(200).extract().jsonPath().getList("$"));
        String source = germany.source;
        rules.add(Map.of("name", "germany " + source, "team", germany.team, "distribution", "least_loaded",
                "conditions", Map.of("sources", List.of(source), "countries", List.of("DE"))));
        rules.add(Map.of("name", "rest " + source, "team", rest.team,
                "conditions", Map.of("sources", List.of(source), "minScore", 50)));
        given().contentType(ContentType.JSON).body(EventJson.write(rules)).when().put("/api/v1/admin/rules")
                .then().statusCode(200).body("name", hasItems("germany " + source, "rest " + source));

        LeadAssignment german = route(RoutingFixture.scored(UUID.randomUUID(), source, clock.instant(),
                "gmbh-" + UUID.randomUUID() + ".de", "DE"));
        assertThat(german.repId()).isEqualTo(hans);
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(route(RoutingFixture.scored(UUID.randomUUID(), source, clock.instant(),
                    "sas-" + UUID.randomUUID() + ".fr", "FR")).repId());
        }
        assertThat(others).filteredOn(heavyId::equals).hasSize(2);
        assertThat(others).filteredOn(light::equals).hasSize(1);
    }

    @Test
    void aRepsSegmentsDecideWhichCompaniesTheyGet() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        Map<String, Object> enterprise = RoutingFixture.repBody("Erin Enterprise", fixture.team, 10, List.of());
        enterprise.put("employeeBands", List.of("1000+"));
        UUID erin = UUID.fromString(given().contentType(ContentType.JSON).body(EventJson.write(enterprise))
                .when().post("/api/v1/admin/reps").then().statusCode(201)
                .body("employeeBands", equalTo(List.of("1000+"))).extract().path("id"));
        Map<String, Object> software = RoutingFixture.repBody("Sam Software", fixture.team, 10, List.of());
        software.put("employeeBands", List.of("50-249", "250-999"));
        software.put("industries", List.of("Software"));
        UUID sam = UUID.fromString(given().contentType(ContentType.JSON).body(EventJson.write(software))
                .when().post("/api/v1/admin/reps").then().statusCode(201)
                .body("industries", equalTo(List.of("software"))).extract().path("id"));
        fixture.rule("weighted_round_robin");

        // The fixture's leads: software, 120 employees: only Sam covers them, whatever the rotation says.
        for (int i = 0; i < 2; i++) {
            LeadAssignment assigned = route(fixture.hotLead(clock.instant(), "mid-" + UUID.randomUUID() + ".fr"));
            assertThat(assigned.repId()).isEqualTo(sam);
            given().when().get("/api/v1/leads/{lead}/routing", assigned.leadId()).then().statusCode(200)
                    .body("decisions[0].skipped.find { it.repId == '" + erin + "' }.reason",
                            equalTo("segment does not cover 50-249 employees"));
        }

        Map<String, Object> badSegments = RoutingFixture.repBody("Bad Segments", fixture.team, 5, List.of());
        badSegments.put("employeeBands", List.of("huge"));
        badSegments.put("industries", List.of(" "));
        given().contentType(ContentType.JSON).body(EventJson.write(badSegments)).when().post("/api/v1/admin/reps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("employeeBands", "industries"));
    }

    @Test
    void malformedAdminPayloadsAreProblemsNamingTheField() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        Map<String, Object> noHours = RoutingFixture.repBody("Nobody", fixture.team, 5, List.of());
        noHours.put("workingHours", List.of());
        noHours.put("timeZone", "Mars/Olympus");
        given().contentType(ContentType.JSON).body(EventJson.write(noHours)).when().post("/api/v1/admin/reps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("workingHours", "timeZone"));

        Map<String, Object> backwards = RoutingFixture.repBody("Backwards", fixture.team, 5, List.of());
        backwards.put("workingHours", List.of(Map.of("days", List.of("MONDAY"), "from", "18:00", "to", "09:00")));
        given().contentType(ContentType.JSON).body(EventJson.write(backwards)).when().post("/api/v1/admin/reps")
                .then().statusCode(400).body("errors[0].field", equalTo("workingHours[0]"));

        given().contentType(ContentType.JSON)
                .body(EventJson.write(RoutingFixture.repBody("Lost", "no-such-team", 5, List.of())))
                .when().post("/api/v1/admin/reps")
                .then().statusCode(400).body("errors[0].field", equalTo("team"));

        Map<String, Object> badRule = new HashMap<>(Map.of("name", "bad", "team", "no-such-team",
                "distribution", "random"));
        given().contentType(ContentType.JSON).body(EventJson.write(List.of(badRule)))
                .when().put("/api/v1/admin/rules")
                .then().statusCode(400).body("errors.field", hasItem("[0].distribution"));
        badRule.put("distribution", "least_loaded");
        given().contentType(ContentType.JSON).body(EventJson.write(List.of(badRule)))
                .when().put("/api/v1/admin/rules")
                .then().statusCode(400).body("errors[0].field", equalTo("[0].team"));

        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"ackTimeout\": \"two minutes\"}")
                .when().put("/api/v1/admin/teams/{team}", "some-team")
                .then().statusCode(400).body("errors[0].field", equalTo("ackTimeout"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\"}")
                .when().put("/api/v1/admin/teams/{team}", "Not A Valid Id")
                .then().statusCode(400).body("errors[0].field", equalTo("teamId"));
        given().contentType(ContentType.JSON).body("{\"ownerRepId\": \"" + UUID.randomUUID() + "\"}")
                .when().put("/api/v1/admin/accounts/{domain}", "acme.fr")
                .then().statusCode(400).body("errors[0].field", equalTo("ownerRepId"));
        given().contentType(ContentType.JSON).body("{\"ownerRepId\": ")
                .when().put("/api/v1/admin/accounts/{domain}", "acme.fr")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().delete("/api/v1/admin/accounts/{domain}", "never-owned.fr")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
