package io.leadflow.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Outcome;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestClock;
import io.leadflow.scoring.handling.ScoreDecaySweeper;
import io.leadflow.scoring.persistence.LeadGauges;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class LeadLifecycleScoringTest {

    @Inject
    TestClock clock;

    @Inject
    ScoreDecaySweeper sweeper;

    @Inject
    LeadGauges gauges;

    @Inject
    Vertx vertx;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static LeadScored published(UUID leadId, java.util.function.Predicate<LeadScored> condition) {
        return Topic.of(Topics.SCORED).awaitEvent(leadId, LeadScored.class, condition);
    }

    @Test
    void aLeadTheRepAcceptedBecomesSalesQualifiedOnce() {
        double sqlBefore = funnel("sql");
        double convertedBefore = funnel("converted");
        LeadReceived lead = TestLeads.received("ida@unlisted-sql.com", "CEO", FormType.DEMO_REQUEST);
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        assertThat(published(lead.leadId(), s -> true).stage()).isEqualTo(Stage.MQL);

        Instant now = Instant.now();
        LeadAssignment accepted = new LeadAssignment(UUID.randomUUID(), lead.leadId(), AssignmentStatus.ACCEPTED,
                UUID.randomUUID(), "Alice Martin", null, null, null, 70, Temperature.HOT, List.of(),
                lead.lead().receivedAt(), now.plusSeconds(120), now);
        String eventId = UUID.randomUUID().toString();
        Topic assigned = Topic.of(Topics.ASSIGNED);
        assigned.publishRaw(lead.leadId().toString(), EventJson.write(accepted), eventId, "lead.assignment.v1");
        assigned.publishRaw(lead.leadId().toString(), EventJson.write(accepted), eventId, "lead.assignment.v1");

        assertThat(published(lead.leadId(), s -> s.stage() == Stage.SQL).score()).isGreaterThanOrEqualTo(60);
        assertThat(Topic.of(Topics.SCORED).awaitExactly(2, r -> lead.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).hasSize(2);
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId()).then().statusCode(200)
                .body("stage", equalTo("sql")).body("salesAcceptedAt", notNullValue());
        assertThat(funnel("sql") - sqlBefore).as("SQLs from the website, once for a redelivered acceptance")
                .isEqualTo(1);

        LeadAssignment converted = new LeadAssignment(accepted.assignmentId(), lead.leadId(), AssignmentStatus.OUTCOME,
                accepted.repId(), "Alice Martin", null, Outcome.CONVERTED, null, 70, Temperature.HOT, List.of(),
                lead.lead().receivedAt(), now.plusSeconds(120), now.plusSeconds(60));
        assigned.publishRaw(lead.leadId().toString(), EventJson.write(converted), UUID.randomUUID().toString(),
                "lead.assignment.v1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> funnel("converted") - convertedBefore == 1);
    }

    /** {@code leadflow_funnel_stage_reached_total} of website leads in a stage. */
    static double funnel(String stage) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_funnel_stage_reached_total{source=\"website\",stage=\"" + stage + "\"}");
    }

    @Test
    void decayCoolsAHotLeadOnScheduleAndPublishesTheTransition() {
        // demo 30 + business email 10 + France 5 = 45, and a reply (+30): 75, hot; 60 of it is engagement.
        LeadReceived lead = TestLeads.received("jo@unlisted-decay.com", null, FormType.DEMO_REQUEST);
        UUID leadId = lead.leadId();
        Topic.of(Topics.RECEIVED).publish(leadId, lead);
        assertThat(published(leadId, s -> true).score()).isEqualTo(45);
        Instant now = Instant.now();
        Topic.of(Topics.ENGAGEMENT).publish(leadId, new LeadEngagement(leadId, Activity.EMAIL_REPLIED, null,
                Map.of(), now, now));
        assertThat(published(leadId, s -> s.score() == 75).temperature()).isEqualTo(Temperature.HOT);

        // 45 days later the 60 engagement points count about 21: 15 + 21 = 36, warm.
        clock.advance(Duration.ofDays(45));
        int transitions = VertxContexts.await(vertx, sweeper::sweep, Duration.ofSeconds(60));

        LeadScored warm = published(leadId, s -> s.score() < 45);
        assertThat(transitions).isGreaterThanOrEqualTo(1);
        assertThat(warm.score()).isEqualTo(36);
        assertThat(warm.temperature()).isEqualTo(Temperature.WARM);
        assertThat(warm.stage()).isEqualTo(Stage.MQL);
        // A second sweep at the same time finds nothing new for this lead.
        VertxContexts.await(vertx, sweeper::sweep, Duration.ofSeconds(60));
        assertThat(Topic.of(Topics.SCORED).awaitExactly(3, r -> leadId.toString().equals(r.key()),
                Duration.ofSeconds(2))).hasSize(3);
    }

    @Test
    void oddLeadsAreScoredWithWhatIsKnownAndTheNextLeadStillIs() {
        Instant now = Instant.now();
        LeadReceived odd = new LeadReceived(UUID.randomUUID(), new LeadProfile(
                new Contact("王伟@例子.中国", "伟", "王", null, "Directeur ".repeat(300)), null, "ZZ", "zh",
                "Asia/Shanghai", "website", null, null, new Consent(false, null, now, "api"), now),
                FormType.CONTACT, Map.of("budget", "x".repeat(5000)));
        LeadReceived next = TestLeads.received("next@unlisted-odd.com", null, FormType.CONTACT);

        Topic.of(Topics.RECEIVED).publish(odd.leadId(), odd);
        Topic.of(Topics.RECEIVED).publish(next.leadId(), next);

        LeadScored scored = published(odd.leadId(), s -> true);
        assertThat(scored.enrichment().seniority()).isEqualTo("director");
        assertThat(scored.topContributions()).allSatisfy(c -> assertThat(c.reason().length()).isLessThan(200));
        assertThat(published(next.leadId(), s -> true).score()).isEqualTo(30);
    }

    @Test
    void leadsAreCountedByTemperatureAndGradeAndEnrichmentByResult() {
        LeadReceived lead = TestLeads.received("kim@tailspin.io", "CTO", FormType.QUOTE_REQUEST);
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        published(lead.leadId(), s -> true);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            gauges.refresh().await().atMost(Duration.ofSeconds(10));
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(PrometheusText.sum(metrics, "leadflow_leads{grade=\"A\",temperature=\"hot\"")).isPositive();
            assertThat(PrometheusText.sum(metrics, "leadflow_enrichment_lookups_total{result=\"hit\"")).isPositive();
        });
    }
}
