package io.leadflow.scoring.messaging;

import static io.leadflow.scoring.messaging.AttemptTimeoutTest.connect;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.count;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A consumer works on records of different leads at once ({@code LeadLanes}): a lead whose record waits (here on its
 * lock, held by another connection) holds up no other lead of the same partition. One record at a time, the second
 * lead would wait behind the first for as long as the lock is held.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class LeadsSideBySideTest {

    @Test
    void aLeadWaitingOnItsLockHoldsUpNoOtherLeadOfItsPartition() throws Exception {
        LeadReceived waiting = TestLeads.received("kim@acme-industries.com", "Head of Sales", FormType.DEMO_REQUEST);
        LeadReceived next = TestLeads.received("lou@acme-industries.com", "VP Sales", FormType.QUOTE_REQUEST);
        long lockKey = waiting.leadId().getMostSignificantBits() ^ waiting.leadId().getLeastSignificantBits();
        String waitingEvent = UUID.randomUUID().toString();

        try (Connection holder = connect()) {
            query(holder, "select pg_advisory_lock(?)", lockKey);
            Topic received = Topic.of(Topics.RECEIVED);
            received.publishRaw(0, waiting.leadId().toString(), EventJson.write(waiting), waitingEvent,
                    "lead.received.v1");
            received.publishRaw(0, next.leadId().toString(), EventJson.write(next), UUID.randomUUID().toString(),
                    "lead.received.v1");

            // The second lead, behind the first on partition 0, is scored while the first still waits.
            Topic.of(Topics.SCORED).await(r -> next.leadId().toString().equals(r.key()));
            assertThat(count("select count(*) from processed_event where consumer = 'scoring-received'"
                    + " and event_id = ?", waitingEvent)).isZero();
            query(holder, "select pg_advisory_unlock(?)", lockKey);
        }

        assertThat(Topic.of(Topics.SCORED).awaitExactly(1, r -> waiting.leadId().toString().equals(r.key()),
                Duration.ofSeconds(3))).hasSize(1);
        assertThat(count("select count(*) from processed_event where consumer = 'scoring-received'"
                + " and event_id = ?", waitingEvent)).isEqualTo(1);
    }
}
