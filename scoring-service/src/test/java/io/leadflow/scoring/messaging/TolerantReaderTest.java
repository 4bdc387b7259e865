package io.leadflow.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.Contribution;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tolerant readers (a newer producer during a rolling deploy): an event carrying an enum value or a property this
 * version does not know is processed, not dead-lettered. An engagement with an unknown activity scores nothing; a lead
 * from an unknown form type is scored without form points.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class TolerantReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anEngagementWithAnActivityThisVersionDoesNotKnowIsProcessedScoresNothingAndIsNotDeadLettered() {
        LeadReceived lead = TestLeads.received("una@unlisted-tolerance.com", null, FormType.NEWSLETTER);
        UUID leadId = lead.leadId();
        Topic.of(Topics.RECEIVED).publish(leadId, lead);
        int first = Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> true).score();

        // A newer intake's engagement: an activity and a property this version has never heard of.
        String unknownId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Topic.of(Topics.ENGAGEMENT).publishRaw(leadId.toString(), "{\"leadId\":\"" + leadId + "\","
                + "\"activity\":\"video_watched\",\"watchedSeconds\":95,\"details\":{\"video\":\"product-tour\"},"
                + "\"occurredAt\":\"" + now + "\",\"receivedAt\":\"" + now + "\"}", unknownId, "lead.engagement.v1");

        // Processed: its id is recorded, which happens only in the transaction of a handled record, never a parked one.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> AttemptTimeoutTest.count(
                "select count(*) from processed_event where consumer = 'scoring-engagement' and event_id = ?",
                unknownId) == 1);
        assertThat(Topic.of(Topics.deadLetter(Topics.ENGAGEMENT)).awaitExactly(0,
                r -> leadId.toString().equals(r.key()), Duration.ofSeconds(3))).isEmpty();

        // The lead's next, known engagement is still scored; the unknown one added nothing and published nothing.
        Topic.of(Topics.ENGAGEMENT).publish(leadId, EngagementScoringTest.engagement(leadId, Activity.EMAIL_OPENED,
                null));
        LeadScored opened = Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> s.score() != first);
        assertThat(opened.score()).isGreaterThan(first);
        assertThat(opened.topContributions()).extracting(Contribution::rule).noneMatch(rule -> rule.contains("unknown"));
        assertThat(EngagementScoringTest.scored(leadId, 2)).extracting(LeadScored::score)
                .containsExactly(first, opened.score());
        List<String> rules = TestTokens.admin().when().get("/api/v1/leads/{id}/score", leadId).then().statusCode(200)
                .extract().jsonPath().getList("contributions.rule", String.class);
        assertThat(rules).contains("engagement.email_opened").noneMatch(rule -> rule.contains("unknown"));
    }

    @Test
    void aLeadFromAFormTypeThisVersionDoesNotKnowIsScoredWithoutFormPoints() {
        LeadReceived lead = TestLeads.received("ines@unlisted-tolerance.com", null, FormType.NEWSLETTER);
        UUID leadId = lead.leadId();
        String value = EventJson.write(lead).replace("\"formType\":\"newsletter\"",
                "\"formType\":\"chat_transcript\",\"chatSeconds\":240");
        assertThat(value).contains("chat_transcript");

        Topic.of(Topics.RECEIVED).publishRaw(leadId.toString(), value, UUID.randomUUID().toString(),
                "lead.received.v1");

        LeadScored scored = Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, s -> true);
        assertThat(scored.lead()).isEqualTo(lead.lead());
        assertThat(scored.topContributions()).extracting(Contribution::rule).isNotEmpty()
                .noneMatch(rule -> rule.startsWith("form."));
        assertThat(Topic.of(Topics.deadLetter(Topics.RECEIVED)).awaitExactly(0,
                r -> leadId.toString().equals(r.key()), Duration.ofSeconds(3))).isEmpty();
    }
}
