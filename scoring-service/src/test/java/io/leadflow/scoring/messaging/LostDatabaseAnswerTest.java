package io.leadflow.scoring.messaging;

import static io.leadflow.scoring.messaging.AttemptTimeoutTest.attemptsTimedOut;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.committedOffset;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.connect;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.count;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.PostgresThroughProxy;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The fault the network scenario once met: the answer to a query inside a consumer's transaction is lost, and the
 * connection stays open without a word from either side. The attempt is abandoned after its bound; its transaction,
 * left open on the server with the lead's lock and its {@code processed_event} row, is ended by PostgreSQL's idle
 * limit; the retry, on another connection, then scores the lead once.
 */
@QuarkusTest
@TestProfile(LostDatabaseAnswerTest.ThroughAProxy.class)
class LostDatabaseAnswerTest {

    public static class ThroughAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("leadflow.consumer.attempt-timeout", "5s",
                    "quarkus.datasource.reactive.additional-properties.idle_in_transaction_session_timeout", "10s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresThroughProxy.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void anAnswerLostOnTheWayEndsInARetryOnAnotherConnectionThatScoresTheLeadOnce() throws Exception {
        LeadReceived lead = TestLeads.received("eve@acme-industries.com", "VP Sales", FormType.QUOTE_REQUEST);
        long lockKey = lead.leadId().getMostSignificantBits() ^ lead.leadId().getLeastSignificantBits();
        String eventId = UUID.randomUUID().toString();
        double timedOutBefore = attemptsTimedOut();
        long darkPort;

        try (Connection holder = connect()) {
            query(holder, "select pg_advisory_lock(?)", lockKey);
            Topic.of(Topics.RECEIVED).publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId,
                    "lead.received.v1");
            String waiting = "select coalesce(max(client_port), 0) from pg_stat_activity where datname ="
                    + " current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'";
            Awaitility.await("the attempt waiting for the lead's lock").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> count(waiting) > 0);
            darkPort = count(waiting);
            assertThat(PostgresThroughProxy.proxy().darken((int) darkPort)).as("its connection goes dark").isTrue();
            // The lock is granted and answered, into the dark: the transaction stays open on the server.
            query(holder, "select pg_advisory_unlock(?)", lockKey);
        }

        Awaitility.await("the attempt abandoned").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> attemptsTimedOut() > timedOutBefore);
        List<ConsumerRecord<String, String>> scored = Topic.of(Topics.SCORED)
                .collect(r -> lead.leadId().toString().equals(r.key()), records -> !records.isEmpty(), WAIT,
                        Duration.ofSeconds(3));
        assertThat(scored).isNotEmpty();
        assertThat(scored.stream().map(r -> Topic.header(r, "ce_id")).distinct()).hasSize(1);
        assertThat(count("select count(*) from processed_event where consumer = 'scoring-received' and event_id = ?",
                eventId)).isEqualTo(1);
        List<String> rules = TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId())
                .then().statusCode(200).extract().jsonPath().getList("contributions.rule", String.class);
        assertThat(rules).isNotEmpty().doesNotHaveDuplicates();
        // PostgreSQL ended the dark transaction (its lock and row had kept the retry waiting until then).
        assertThat(count("select count(*) from pg_stat_activity where client_port = ?", (int) darkPort)).isZero();

        ConsumerRecord<String, String> received = Topic.of(Topics.RECEIVED)
                .await(r -> lead.leadId().toString().equals(r.key()));
        TopicPartition partition = new TopicPartition(received.topic(), received.partition());
        Awaitility.await("the record acknowledged (offset committed)").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committedOffset("scoring-service", partition) > received.offset());
    }
}
