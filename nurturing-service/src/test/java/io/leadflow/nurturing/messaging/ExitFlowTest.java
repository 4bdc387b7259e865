package io.leadflow.nurturing.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Channel;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.nurturing.testing.Database;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class ExitFlowTest {

    @Inject
    TestClock clock;

    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    static LeadEngagement engagement(UUID leadId, Activity activity, Map<String, String> details) {
        return new LeadEngagement(leadId, activity, null, details, Instant.now(), Instant.now());
    }

    static LeadAssignment assignment(UUID leadId, AssignmentStatus status) {
        return new LeadAssignment(UUID.randomUUID(), leadId, status, UUID.randomUUID(), "Rep", null, null, null, 40,
                Temperature.HOT, List.of(), Instant.now(), null, Instant.now());
    }

    /** Waits for the enrollment to be committed too (its event leaves just before the commit). */
    static LeadNurture enrolled(LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        awaitEnrollment(lead.leadId(), "active");
        return enrolled;
    }

    static LeadNurture exited(UUID leadId) {
        return Topic.of(Topics.NURTURE).awaitEvent(leadId, LeadNurture.class, e -> e.status() == NurtureStatus.EXITED);
    }

    static JsonPath enrollment(UUID leadId) {
        return TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", leadId).then().statusCode(200).extract().jsonPath();
    }

    static void awaitEnrollment(UUID leadId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", leadId);
            return response.statusCode() == 200 && status.equals(response.jsonPath().getString("status"));
        });
    }

    @Test
    void aReplyEndsTheSequenceAndCancelsWhatWasPlanned() {
        LeadScored lead = Leads.french(Temperature.COLD, true);
        LeadNurture enrolled = enrolled(lead);

        Topic.of(Topics.ENGAGEMENT).publish(lead.leadId(), engagement(lead.leadId(), Activity.EMAIL_REPLIED, null));

        LeadNurture exited = exited(lead.leadId());
        assertThat(exited.reason()).isEqualTo("replied");
        assertThat(exited.enrollmentId()).isEqualTo(enrolled.enrollmentId());
        awaitEnrollment(lead.leadId(), "exited");
        assertThat(enrollment(lead.leadId()).getList("touches.status")).containsOnly("cancelled");
    }

    @Test
    void aBookedMeetingEndsTheSequence() {
        LeadScored lead = Leads.american(Temperature.WARM);
        enrolled(lead);

        Topic.of(Topics.ENGAGEMENT).publish(lead.leadId(), engagement(lead.leadId(), Activity.MEETING_BOOKED, null));

        assertThat(exited(lead.leadId()).reason()).isEqualTo("meeting_booked");
    }

    @Test
    void anUnsubscribedPersonIsNeverEmailedAgainEvenWhenRoutingHandsThemBack() {
        LeadScored lead = Leads.french(Temperature.COLD, true);
        String address = lead.lead().contact().email();
        enrolled(lead);
        Topic.of(Topics.ENGAGEMENT).publish(lead.leadId(), engagement(lead.leadId(), Activity.UNSUBSCRIBED, null));
        assertThat(exited(lead.leadId()).reason()).isEqualTo("unsubscribed");

        // Routing hands the lead back: it follows a sequence again, but its emails are suppressed; the call stays.
        Topic.of(Topics.ASSIGNED).publish(lead.leadId(), assignment(lead.leadId(), AssignmentStatus.RELEASED));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Topic.of(Topics.NURTURE).awaitExactly(2,
                r -> lead.leadId().toString().equals(r.key()) && r.value().contains("\"enrolled\""),
                Duration.ZERO).size() == 2);
        awaitEnrollment(lead.leadId(), "active");
        for (int i = 0; i < 21; i++) {
            clock.set(SendingFlowTest.MONDAY_MORNING_PARIS.plus(Duration.ofDays(i)));
            awaitNothingDue(lead.leadId());
        }

        assertThat(SendingFlowTest.messagesTo(address)).isEmpty();
        JsonPath view = enrollment(lead.leadId());
        assertThat(view.getList("touches.status")).containsExactly("skipped", "skipped", "sent", "skipped", "skipped");
        assertThat(view.getString("touches[0].lastError")).startsWith("suppressed");
        assertThat(Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.TASK_CREATED).channel()).isEqualTo(Channel.CALL_TASK);
        assertThat(PrometheusText.sum(given().get("/q/metrics").asString(), "leadflow_nurture_unsubscribes_total"))
                .isPositive();
    }

    @Test
    void aHardBounceEndsTheSequenceAndASoftOneDoesNot() {
        LeadScored soft = Leads.american(Temperature.COLD);
        LeadScored hard = Leads.american(Temperature.COLD);
        enrolled(soft);
        enrolled(hard);

        Topic.of(Topics.ENGAGEMENT).publish(soft.leadId(), engagement(soft.leadId(), Activity.EMAIL_BOUNCED,
                Map.of("bounceType", "soft")));
        Topic.of(Topics.ENGAGEMENT).publish(hard.leadId(), engagement(hard.leadId(), Activity.EMAIL_BOUNCED,
                Map.of("bounceType", "hard")));

        assertThat(exited(hard.leadId()).reason()).isEqualTo("bounced");
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(0, r -> soft.leadId().toString().equals(r.key())
                && r.value().contains("\"exited\""), Duration.ofSeconds(2))).isEmpty();
        assertThat(enrollment(soft.leadId()).getString("status")).isEqualTo("active");
        String metrics = given().get("/q/metrics").asString();
        assertThat(PrometheusText.sum(metrics, "leadflow_nurture_bounces_total{type=\"hard\"")).isPositive();
        assertThat(PrometheusText.sum(metrics, "leadflow_nurture_bounces_total{type=\"soft\"")).isPositive();
    }

    @Test
    void aLeadGivenToARepLeavesItsSequenceAndComesBackWhenReleased() {
        LeadScored lead = Leads.american(Temperature.WARM);
        LeadNurture first = enrolled(lead);

        Topic.of(Topics.ASSIGNED).publish(lead.leadId(), assignment(lead.leadId(), AssignmentStatus.ASSIGNED));
        assertThat(exited(lead.leadId()).reason()).isEqualTo("handed_to_sales");

        Topic.of(Topics.ASSIGNED).publish(lead.leadId(), assignment(lead.leadId(), AssignmentStatus.RELEASED));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", lead.leadId());
            return "active".equals(response.jsonPath().getString("status"))
                    && !first.enrollmentId().toString().equals(response.jsonPath().getString("enrollmentId"));
        });
        assertThat(enrollment(lead.leadId()).getList("touches.status")).containsOnly("scheduled");
    }

    @Test
    void aReleaseThatArrivesBeforeTheScoreIsKeptAndAppliedWhenTheScoreArrives() throws Exception {
        // Hot: its score alone would not enrol it, so only the kept release can.
        LeadScored lead = Leads.american(Temperature.HOT);
        LeadAssignment released = assignment(lead.leadId(), AssignmentStatus.RELEASED);
        Topic.of(Topics.ASSIGNED).publish(lead.leadId(), released);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Database.queryString(
                "select cause_event_id from pending_release where lead_id = ?", lead.leadId()) != null);
        TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", lead.leadId()).then().statusCode(404);

        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);

        LeadNurture enrolled = Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        awaitEnrollment(lead.leadId(), "active");
        assertThat(enrollment(lead.leadId()).getString("enrollmentId")).isEqualTo(enrolled.enrollmentId().toString());
        assertThat(Database.queryString("select count(*) from pending_release where lead_id = ?", lead.leadId()))
                .isEqualTo("0");
    }

    @Test
    void unreadableEngagementsAndAssignmentsGoToTheirOwnDeadLetterTopics() {
        String key = UUID.randomUUID().toString();
        Topic.of(Topics.ENGAGEMENT).publishRaw(key, "{not json", UUID.randomUUID().toString(), "lead.engagement.v1");
        Topic.of(Topics.ASSIGNED).publishRaw(key, "{\"leadId\": null}", UUID.randomUUID().toString(),
                "lead.assignment.v1");

        assertThat(Topic.of(Topics.deadLetter(Topics.ENGAGEMENT)).await(r -> key.equals(r.key())).value())
                .isEqualTo("{not json");
        assertThat(Topic.of(Topics.deadLetter(Topics.ASSIGNED)).await(r -> key.equals(r.key()))).isNotNull();
    }

    void awaitNothingDue(UUID leadId) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath view = enrollment(leadId);
            List<String> due = view.getList("touches.dueAt");
            List<String> status = view.getList("touches.status");
            for (int i = 0; i < due.size(); i++) {
                if ("scheduled".equals(status.get(i)) && !Instant.parse(due.get(i)).isAfter(clock.instant())) {
                    return false;
                }
            }
            return true;
        });
    }
}
