package io.leadflow.nurturing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class SequenceAdminTest {

    @Inject
    TestClock clock;

    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    static RequestSpecification admin() {
        return TestTokens.admin().contentType("application/json");
    }

    static LeadScored withSource(LeadScored lead, String source, String grade, Temperature temperature) {
        LeadProfile p = lead.lead();
        return new LeadScored(lead.leadId(), new LeadProfile(p.contact(), p.company(), p.country(), p.language(),
                p.timeZone(), source, p.campaign(), p.utm(), p.consent(), p.receivedAt()), lead.enrichment(), grade,
                lead.fitScore(), lead.engagementScore(), lead.score(), temperature, lead.stage(),
                lead.ruleSetVersion(), lead.topContributions(), lead.scoredAt());
    }

    /** Waits for the enrollment to be committed too (its event leaves just before the commit). */
    static LeadNurture enrolled(LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", lead.leadId()).statusCode() == 200);
        return enrolled;
    }

    @Test
    void theAdminApiNeedsAToken() {
        given().get("/api/v1/admin/sequences").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().header("Authorization", "Bearer guess").get("/api/v1/admin/sequences").then().statusCode(401);
    }

    @Test
    void theYamlDefaultsAreLoadedAtStart() {
        admin().get("/api/v1/admin/sequences").then().statusCode(200)
                .body("id", hasItems("default", "warm-fast-track"));
        admin().get("/api/v1/admin/sequences/warm-fast-track").then().statusCode(200)
                .body("priority", equalTo(10)).body("entry.temperatures", contains("warm"))
                .body("steps.channel", contains("email", "call_task", "linkedin_task", "email", "email"))
                .body("steps[0].window.start", containsString("09:00")).body("steps[0].window.end",
                        containsString("11:30"));
        admin().get("/api/v1/admin/sequences/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWarmLeadOfAGoodFitEntersTheFastTrack() {
        LeadScored lead = withSource(Leads.american(Temperature.WARM), "website", "A", Temperature.WARM);

        assertThat(enrolled(lead).sequenceId()).isEqualTo("warm-fast-track");
        TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", lead.leadId()).then().statusCode(200)
                .body("touches.channel", contains("email", "call_task", "linkedin_task", "email", "email"));
    }

    @Test
    void aNewSequenceTakesTheLeadsItsCriteriaSelect() {
        String source = "webinar-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "webinar-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"name": "Webinar attendees", "priority": 1,
                 "entry": {"sources": ["%s"], "temperatures": ["cold", "warm"]},
                 "steps": [
                   {"channel": "linkedin_task", "delayDays": 0, "template": "connect-after-webinar"},
                   {"channel": "email", "delayDays": 1, "window": {"start": "14:00", "end": "16:00"},
                    "template": "case-study"}]}
                """.formatted(source);

        admin().body(body).put("/api/v1/admin/sequences/{id}", id).then().statusCode(201)
                .body("id", equalTo(id)).body("steps.template", contains("connect-after-webinar", "case-study"));
        admin().body(body.replace("Webinar attendees", "Webinar attendees, reworded"))
                .put("/api/v1/admin/sequences/{id}", id).then().statusCode(200)
                .body("name", equalTo("Webinar attendees, reworded"));

        LeadScored lead = withSource(Leads.french(Temperature.COLD, true), source, "D", Temperature.COLD);
        LeadNurture enrolled = enrolled(lead);
        assertThat(enrolled.sequenceId()).isEqualTo(id);
        // Enrolled on a Saturday: the email waits for Tuesday's window, 14:00 in Paris.
        TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", lead.leadId()).then().statusCode(200)
                .body("touches.channel", contains("linkedin_task", "email"))
                .body("touches[1].dueAt", equalTo("2026-12-01T13:00:00Z"));
    }

    @Test
    void aSequenceThatCannotRunIsRefusedWithEachProblemNamed() {
        admin().body("{\"name\": \"Nothing\", \"steps\": []}").put("/api/v1/admin/sequences/empty")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("steps"))
                .body("errors[0].message", containsString("at least one step"));
        admin().body("""
                {"name": "Broken", "steps": [
                  {"channel": "email", "delayDays": 0, "template": "broken-for-tests"},
                  {"channel": "email", "delayDays": 1, "template": "no-such-template"},
                  {"channel": "call_task", "delayDays": 2, "window": {"start": "17:00", "end": "09:00"},
                   "template": "call"}]}
                """).put("/api/v1/admin/sequences/broken")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("steps[0].template", "steps[1].template", "steps[2].window"))
                .body("errors[0].message", containsString("did not render"))
                .body("errors[1].message", containsString("no email template"));
        admin().body("{\"name\": \"Bad channel\", \"steps\": [{\"channel\": \"fax\", \"delayDays\": 0}]}")
                .put("/api/v1/admin/sequences/fax").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("steps[0].channel"));
        admin().body("{\"name\": \"Typo\", \"stpes\": []}").put("/api/v1/admin/sequences/typo")
                .then().statusCode(400).body("errors[0].message", containsString("stpes"));
        admin().get("/api/v1/admin/sequences").then().statusCode(200).body("id", not(hasItems("empty")))
                .body("id", not(hasItems("broken")));
    }
}
