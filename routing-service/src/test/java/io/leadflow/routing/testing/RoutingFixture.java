package io.leadflow.routing.testing;

import static io.leadflow.routing.testing.Api.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.restassured.http.ContentType;

/**
 * Sets up what a flow test routes to through the admin API, as an admin would: a team of its own, its reps, and a
 * rule sending the test's own lead source to that team, so tests never share reps or depend on the demo team.
 */
public final class RoutingFixture {

    public final String source = "test-" + UUID.randomUUID().toString().substring(0, 8);
    public final String team = "team-" + source;

    public RoutingFixture team(String ackTimeout, UUID managerRepId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Team " + source);
        body.put("ackTimeout", ackTimeout);
        body.put("managerRepId", managerRepId);
        given().contentType(ContentType.JSON).body(EventJson.write(body))
                .when().put("/api/v1/admin/teams/{team}", team)
                .then().statusCode(200);
        return this;
    }

    /** A rep of this team working around the clock. */
    public UUID rep(String name, int capacity) {
        return rep(name, team, capacity, List.of());
    }

    public static UUID rep(String name, String team, int capacity, List<Map<String, String>> outOfOffice) {
        return UUID.fromString(given().contentType(ContentType.JSON).body(EventJson.write(repBody(name, team,
                capacity, outOfOffice)))
                .when().post("/api/v1/admin/reps")
                .then().statusCode(201).extract().path("id"));
    }

    public static Map<String, Object> repBody(String name, String team, int capacity,
            List<Map<String, String>> outOfOffice) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", name.toLowerCase().replace(' ', '.') + "+" + UUID.randomUUID() + "@leadflow.test");
        body.put("team", team);
        body.put("capacity", capacity);
        body.put("timeZone", "Europe/Paris");
        body.put("workingHours", List.of(Map.of("days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                "FRIDAY", "SATURDAY", "SUNDAY"), "from", "00:00", "to", "24:00")));
        body.put("outOfOffice", outOfOffice);
        return body;
    }

    /** Adds, after the existing rules, one sending this fixture's source to its team. */
    public RoutingFixture rule(String distribution) {
        List<Map<String, Object>> rules = new ArrayList<>(given().when().get("/api/v1/admin/rules")
                .then().statusCode(200).extract().jsonPath().getList("$"));
        rules.add(Map.of("name", "source " + source, "conditions", Map.of("sources", List.of(source)), "team", team,
                "distribution", distribution));
        given().contentType(ContentType.JSON).body(EventJson.write(rules))
                .when().put("/api/v1/admin/rules")
                .then().statusCode(200);
        return this;
    }

    /** A hot lead of this fixture's source, received now by the service's clock. */
    public LeadScored hotLead(Instant receivedAt, String domain) {
        return scored(UUID.randomUUID(), source, receivedAt, domain, "FR");
    }

    public static LeadScored scored(UUID leadId, String source, Instant receivedAt, String domain, String country) {
        return new LeadScored(leadId, new LeadProfile(
                new Contact("claire@" + domain, "Claire", "Martin", "+33612345678", "Directrice commerciale"),
                new Company("Acme SAS", "https://" + domain), country, "fr", "Europe/Paris", source, null, null,
                new Consent(true, null, receivedAt, "api"), receivedAt),
                new Enrichment(domain, false, "director", null, "software", 120), "A", 30, 30, 60, Temperature.HOT,
                Stage.MQL, "test", List.of(new Contribution("form.quote_request", 30, "asked for a quote")),
                receivedAt.plusMillis(20));
    }
}
