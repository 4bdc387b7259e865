package io.leadflow.nurturing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.Database;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tolerant readers (a newer producer during a rolling deploy): an assignment step this version does not know, with a
 * property it does not know either, is processed and changes nothing; it is not dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class TolerantReaderTest {

    @Inject
    TestClock clock;

    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    @Test
    void anAssignmentStatusThisVersionDoesNotKnowChangesNothingAndIsNotDeadLettered() {
        LeadScored lead = Leads.american(Temperature.WARM);
        UUID leadId = lead.leadId();
        LeadNurture enrolled = ExitFlowTest.enrolled(lead);

        // A newer routing's step: a status and a property this version has never heard of.
        String unknownId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Topic.of(Topics.ASSIGNED).publishRaw(leadId.toString(), "{\"assignmentId\":\"" + UUID.randomUUID() + "\","
                + "\"leadId\":\"" + leadId + "\",\"status\":\"transferred\",\"repId\":\"" + UUID.randomUUID() + "\","
                + "\"repName\":\"Rep\",\"score\":40,\"temperature\":\"warm\",\"reasons\":[],"
                + "\"transferredTo\":{\"partner\":\"Acme Resellers\"},\"receivedAt\":\"" + now + "\","
                + "\"occurredAt\":\"" + now + "\"}", unknownId, "lead.assignment.v1");

        // Processed: its id is recorded, which happens only in the transaction of a handled record, never a parked one.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> "1".equals(
                Database.queryString("select count(*) from processed_event where consumer = 'nurturing-assigned' "
                        + "and event_id = ?", unknownId)));
        assertThat(Topic.of(Topics.deadLetter(Topics.ASSIGNED)).awaitExactly(0,
                r -> leadId.toString().equals(r.key()), Duration.ofSeconds(3))).isEmpty();
        // Its effects would have committed with that id: the lead is still in the same sequence.
        assertThat(ExitFlowTest.enrollment(leadId).getString("status")).isEqualTo("active");
        assertThat(ExitFlowTest.enrollment(leadId).getString("enrollmentId"))
                .isEqualTo(enrolled.enrollmentId().toString());

        // The lead's next, known step is still handled: given to a rep, it leaves its sequence, once.
        Topic.of(Topics.ASSIGNED).publish(leadId, ExitFlowTest.assignment(leadId, AssignmentStatus.ASSIGNED));
        assertThat(ExitFlowTest.exited(leadId).reason()).isEqualTo("handed_to_sales");
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(1, r -> leadId.toString().equals(r.key())
                && r.value().contains("\"exited\""), Duration.ofSeconds(2))).hasSize(1);
    }
}
