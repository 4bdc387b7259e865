package io.leadflow.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A processing attempt that never gets an answer from the database is abandoned after
 * {@code leadflow.consumer.attempt-timeout} and retried on another connection: here the first attempt waits on the
 * lead's lock, which another connection holds until the time-out has been seen.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@TestProfile(AttemptTimeoutTest.ShortAttemptBound.class)
class AttemptTimeoutTest {

    public static class ShortAttemptBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("leadflow.consumer.attempt-timeout", "5s");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anAttemptStuckOnTheDatabaseIsAbandonedAndTheRetryProcessesTheEventOnce() throws Exception {
        LeadReceived lead = TestLeads.received("ida@acme-industries.com", "Head of Sales", FormType.DEMO_REQUEST);
        long lockKey = lead.leadId().getMostSignificantBits() ^ lead.leadId().getLeastSignificantBits();
        String eventId = UUID.randomUUID().toString();
        double timedOutBefore = attemptsTimedOut();

        try (Connection holder = connect()) {
            query(holder, "select pg_advisory_lock(?)", lockKey);
            Topic.of(Topics.RECEIVED).publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId,
                    "lead.received.v1");
            // Without a bound the attempt waits on the lock for as long as it is held, and nothing is counted.
            Awaitility.await("an attempt abandoned").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> attemptsTimedOut() > timedOutBefore);
            assertThat(count("select count(*) from processed_event where event_id = ?", eventId)).isZero();
            query(holder, "select pg_advisory_unlock(?)", lockKey);
        }

        // An attempt abandoned while its publication was on the wire may leave a copy with the same event id (the
        // next consumer de-duplicates it): one event, and the lead's score changes recorded once.
        List<ConsumerRecord<String, String>> scored = Topic.of(Topics.SCORED)
                .awaitExactly(1, r -> lead.leadId().toString().equals(r.key()), Duration.ofSeconds(3));
        assertThat(scored.stream().map(r -> Topic.header(r, "ce_id")).distinct()).hasSize(1);
        assertThat(count("select count(*) from processed_event where consumer = 'scoring-received' and event_id = ?",
                eventId)).isEqualTo(1);
        List<String> rules = TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId())
                .then().statusCode(200).extract().jsonPath().getList("contributions.rule", String.class);
        assertThat(rules).isNotEmpty().doesNotHaveDuplicates();

        ConsumerRecord<String, String> received = Topic.of(Topics.RECEIVED)
                .await(r -> lead.leadId().toString().equals(r.key()));
        TopicPartition partition = new TopicPartition(received.topic(), received.partition());
        Awaitility.await("the record acknowledged (offset committed)").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committedOffset("scoring-service", partition) > received.offset());
        // The abandoned attempt was rolled back and its connection released: nothing is left holding a transaction.
        Awaitility.await("no session left in a transaction").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid() and state like 'idle in transaction%'") == 0);
        assertThat(attemptsTimedOut()).isGreaterThan(timedOutBefore);
    }

    static double attemptsTimedOut() {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_events_attempts_timed_out_total{consumer=\"scoring-received\"");
    }

    static long committedOffset(String group, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(group);
            OffsetAndMetadata committed = result.partitionsToOffsetAndMetadata().get().get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }

    static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            return query(connection, sql, parameters);
        }
    }

    /** Runs a query and returns its first column as a number (0 for a non-numeric one). */
    static long query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Object value = rows.getObject(1);
                return value instanceof Number number ? number.longValue() : 0;
            }
        }
    }

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
