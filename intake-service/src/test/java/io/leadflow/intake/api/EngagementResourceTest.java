package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.Topics;
import io.leadflow.support.tracking.TrackingTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class EngagementResourceTest {

    static final TrackingTokens TOKENS = new TrackingTokens("test-tracking-secret-not-for-production");

    static String knownLead(String email) {
        return LeadResourceTest.submit(LeadResourceTest.lead(email, "newsletter"));
    }

    @Test
    void activitiesOfKnownPeopleBecomeEngagementEvents() {
        String email = "engaged+" + UUID.randomUUID() + "@acme.fr";
        String leadId = knownLead(email);
        String other = knownLead("other+" + UUID.randomUUID() + "@acme.fr");

        LeadResourceTest.api().body("""
                [{"email": "%s", "activity": "webinar_attended", "occurredAt": "2026-11-20T14:00:00Z",
                  "details": {"webinar": "q4-launch"}},
                 {"leadId": "%s", "activity": "page_viewed", "details": {"url": "/pricing"}}]
                """.formatted(email.toUpperCase(), other))
                .when().post("/api/v1/engagements")
                .then().statusCode(202).body("accepted", equalTo(2)).body("leadIds[0]", equalTo(leadId));

        LeadEngagement attended = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(leadId),
                LeadEngagement.class, e -> e.activity() == Activity.WEBINAR_ATTENDED);
        assertThat(attended.occurredAt()).isEqualTo(Instant.parse("2026-11-20T14:00:00Z"));
        assertThat(attended.details()).containsEntry("webinar", "q4-launch");
        Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(other), LeadEngagement.class,
                e -> e.activity() == Activity.PAGE_VIEWED);
    }

    @Test
    void aBatchNamingSomeoneUnknownIsRefusedWhole() {
        String leadId = knownLead("batch+" + UUID.randomUUID() + "@acme.fr");

        LeadResourceTest.api().body("""
                [{"leadId": "%s", "activity": "email_replied"},
                 {"email": "nobody+%s@nowhere.io", "activity": "email_opened"}]
                """.formatted(leadId, UUID.randomUUID()))
                .when().post("/api/v1/engagements")
                .then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1]"));
        LeadResourceTest.api().body("{\"leadId\": \"%s\", \"activity\": \"teleported\"}".formatted(leadId))
                .when().post("/api/v1/engagements")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("activity"));

        assertThat(Topic.of(Topics.ENGAGEMENT).awaitExactly(0, r -> leadId.equals(r.key()), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void theOpenPixelRecordsGenuineOpensAndAlwaysAnswersWithTheImage() {
        String leadId = knownLead("pixel+" + UUID.randomUUID() + "@acme.fr");
        String token = TOKENS.sign(new TrackingTokens.Claims(UUID.fromString(leadId), "open", null, "touch-7", null));

        given().when().get("/t/o/{token}", token)
                .then().statusCode(200).contentType("image/gif").header("Cache-Control", "no-store, max-age=0");
        given().when().get("/t/o/{token}", "forged." + token.substring(token.indexOf('.') + 1))
                .then().statusCode(200).contentType("image/gif");

        LeadEngagement opened = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(leadId),
                LeadEngagement.class, e -> e.activity() == Activity.EMAIL_OPENED);
        assertThat(opened.details()).containsEntry("touchId", "touch-7");
    }

    @Test
    void aTrackedLinkRecordsTheClickAndRedirects() {
        String leadId = knownLead("click+" + UUID.randomUUID() + "@acme.fr");
        String token = TOKENS.sign(new TrackingTokens.Claims(UUID.fromString(leadId), "click",
                "https://leadflow.io/pricing", "touch-8", null));

        RestAssured.given().redirects().follow(false).when().get("/t/c/{token}", token)
                .then().statusCode(302).header("Location", "https://leadflow.io/pricing");
        RestAssured.given().redirects().follow(false).when().get("/t/c/{token}", "nope.nope")
                .then().statusCode(404).contentType("application/problem+json");

        LeadEngagement clicked = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(leadId),
                LeadEngagement.class, e -> e.activity() == Activity.EMAIL_CLICKED);
        assertThat(clicked.details()).containsEntry("url", "https://leadflow.io/pricing");
    }
}
