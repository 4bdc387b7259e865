package io.leadflow.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class EngagementScoringTest {

    static LeadEngagement engagement(UUID leadId, Activity activity, FormType formType) {
        Instant now = Instant.now();
        return new LeadEngagement(leadId, activity, formType, Map.of(), now, now);
    }

    static List<LeadScored> scored(UUID leadId, int count) {
        return Topic.of(Topics.SCORED).awaitExactly(count, r -> leadId.toString().equals(r.key()),
                Duration.ofSeconds(3)).stream()
                .map(ConsumerRecord::value).map(v -> EventJson.read(v, LeadScored.class)).toList();
    }

    @Test
    void engagementHeatsALeadUpAndOnlyChangesArePublished() {
        // Newsletter (10) + business email (10) + France (5) = 25: cold.
        LeadReceived lead = TestLeads.received("ana@unlisted-industries.com", null,
                FormType.NEWSLETTER);
        UUID leadId = lead.leadId();
        Topic.of(Topics.RECEIVED).publish(leadId, lead);
        assertThat(Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> true).temperature())
                .isEqualTo(Temperature.COLD);

        // A demo request from the known person (+30 = 55): warm.
        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.FORM_SUBMITTED, FormType.DEMO_REQUEST));
        assertThat(Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> s.score() == 55).temperature())
                .isEqualTo(Temperature.WARM);

        // Two opens (+10, +10 = 75): hot; a third open is over the cap and changes nothing.
        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.EMAIL_OPENED, null));
        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.EMAIL_OPENED, null));
        LeadScored hot = Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> s.score() == 75);
        assertThat(hot.temperature()).isEqualTo(Temperature.HOT);
        assertThat(hot.lead()).isEqualTo(lead.lead());
        assertThat(hot.enrichment().domain()).isEqualTo("unlisted-industries.com");
        assertThat(hot.enrichment().source()).isEqualTo("none");
        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.EMAIL_OPENED, null));
        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.CONSENT_CHANGED, null));

        assertThat(scored(leadId, 4)).extracting(LeadScored::score).containsExactly(25, 55, 65, 75);
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", leadId)
                .then().statusCode(200).body("score", equalTo(75)).body("temperature", equalTo("hot"))
                .body("engagementHalfLifeDays", equalTo(30))
                .body("contributions.rule", hasItem("engagement.email_opened"))
                .body("contributions.find { it.reason.contains('capped') }.points", equalTo(0))
                .body("history.scoreAfter", equalTo(List.of(25, 55, 65, 75)))
                .body("history[1].temperatureBefore", equalTo("cold"));
    }

    @Test
    void anEngagementArrivingBeforeItsLeadCountsWhenTheLeadArrives() {
        LeadReceived lead = TestLeads.received("bo@unlisted-industries.com", "VP Sales",
                FormType.CONTACT);
        UUID leadId = lead.leadId();

        Topic.of(Topics.ENGAGEMENT).publish(leadId, engagement(leadId, Activity.WEBINAR_ATTENDED, null));
        Topic.of(Topics.RECEIVED).publish(leadId, lead);

        // Contact 15 + business 10 + VP 20 + sales 5 + France 5 + webinar attended 25 = 80, whichever came first.
        LeadScored first = Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> true);
        if (first.score() != 80) {
            assertThat(first.score()).isEqualTo(55);
            assertThat(Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> s.score() == 80)
                    .temperature()).isEqualTo(Temperature.HOT);
        }
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", leadId).then().statusCode(200).body("score", equalTo(80));
    }

    @Test
    void anEngagementWithoutALeadIdIsDeadLettered() {
        String value = "{\"activity\":\"email_opened\"}";
        String key = UUID.randomUUID().toString();

        Topic.of(Topics.ENGAGEMENT).publishRaw(key, value, UUID.randomUUID().toString(), "lead.engagement.v1");

        ConsumerRecord<String, String> dead = Topic.of(Topics.deadLetter(Topics.ENGAGEMENT))
                .await(r -> key.equals(r.key()));
        assertThat(Topic.header(dead, "dead-letter-reason")).contains("without leadId");
    }

    @Test
    void repeatedVisitsCountAsIntentOnce() {
        LeadReceived lead = TestLeads.received("rey@unlisted-visits.com", null, FormType.NEWSLETTER);
        UUID leadId = lead.leadId();
        Topic.of(Topics.RECEIVED).publish(leadId, lead);
        assertThat(Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> true).score()).isEqualTo(25);

        // Three page views (+2 each) within a week earn the repeated-visits intent (+10) once; a fourth does not.
        for (int i = 0; i < 4; i++) {
            Topic.of(Topics.ENGAGEMENT).publish(leadId, new LeadEngagement(leadId, Activity.PAGE_VIEWED, null,
                    Map.of("url", "https://leadflow.example/blog/" + i), Instant.now(), Instant.now()));
        }

        assertThat(Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> s.score() == 43).score())
                .isEqualTo(43);
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", leadId).then().statusCode(200)
                .body("contributions.findAll { it.rule == 'intent.repeated_visits' }.size()", equalTo(1))
                .body("score", equalTo(43));
    }
}
