package io.leadflow.nurturing.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.Database;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Scores polled together are handled as one set: one read of what nurturing knows of their leads, one statement per
 * table written. The scores under test are published in one produce request while the consumer waits on the lock of
 * a lead published just before them, so they reach it together.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class ScoredBatchTest {

    @Inject
    TestClock clock;

    /** Nothing falls due on a Saturday: the planned touches stay as planned while these tests look at them. */
    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    @Test
    void scoresPolledTogetherAreHandledInOneTransactionAsIfOneAfterTheOther() throws Exception {
        LeadScored cold = Leads.french(Temperature.COLD, true);
        LeadScored turning = Leads.american(Temperature.WARM);
        LeadScored turnedHot = Leads.rescored(turning, Temperature.HOT);
        List<Topic.Raw> records = List.of(raw(cold), raw(turning), raw(turnedHot));

        publishedTogether(records);

        List<LeadNurture> turningEvents = events(turning, 2);
        assertThat(turningEvents).extracting(LeadNurture::status).containsExactly(NurtureStatus.ENROLLED,
                NurtureStatus.EXITED);
        assertThat(turningEvents.get(1).enrollmentId()).isEqualTo(turningEvents.get(0).enrollmentId());
        assertThat(turningEvents.get(1).reason()).isEqualTo("handed_to_sales");
        awaitStatus(turning, "exited");
        TestTokens.as(Roles.OPS).when().get("/api/v1/leads/{id}/enrollment", turning.leadId())
                .then().statusCode(200).body("exitReason", equalTo("handed_to_sales"))
                .body("touches", hasSize(5)).body("touches.status", everyItem(equalTo("cancelled")));
        assertThat(Database.queryString("select temperature from nurture_lead where lead_id = ?", turning.leadId()))
                .as("the later score's snapshot is the one kept").isEqualTo("hot");

        assertThat(events(cold, 1)).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo(NurtureStatus.ENROLLED));
        awaitStatus(cold, "active");
        assertThat(Database.queryString("select count(*) from scheduled_touch t join enrollment e "
                + "on e.id = t.enrollment_id where e.lead_id = ? and t.status = 'SCHEDULED'", cold.leadId()))
                .isEqualTo("5");
        String ids = records.stream().map(r -> "'" + r.eventId() + "'").collect(Collectors.joining(","));
        // now() is the transaction's start: one transaction recorded every event id of the batch.
        assertThat(Database.queryString("select count(distinct processed_at) || '/' || count(*) from processed_event "
                + "where consumer = 'nurturing-scored' and event_id in (" + ids + ")")).isEqualTo("1/3");
    }

    @Test
    void aPoisonScoreIsDeadLetteredAloneAndItsNeighboursAreEnrolledOnce() throws Exception {
        List<LeadScored> neighbours = List.of(Leads.american(Temperature.COLD), Leads.french(Temperature.COLD, true),
                Leads.american(Temperature.WARM), Leads.french(Temperature.WARM, false));
        String poisonValue = "{\"leadId\":\"" + UUID.randomUUID() + "\"}";
        List<Topic.Raw> records = new ArrayList<>(neighbours.stream().map(ScoredBatchTest::raw).toList());
        records.add(2, new Topic.Raw(UUID.randomUUID().toString(), poisonValue, UUID.randomUUID().toString(),
                "lead.scored.v1"));
        double splitBefore = batchesSplit();

        publishedTogether(records);

        assertThat(Topic.header(Topic.of(Topics.deadLetter(Topics.SCORED)).await(r -> poisonValue.equals(r.value())),
                "dead-letter-reason")).contains("without leadId, lead or temperature");
        assertThat(batchesSplit()).as("the poison failed its batch, retried record by record")
                .isGreaterThan(splitBefore);
        for (LeadScored lead : neighbours) {
            assertThat(events(lead, 1)).singleElement().satisfies(e -> assertThat(e.status())
                    .isEqualTo(NurtureStatus.ENROLLED));
            awaitStatus(lead, "active");
            assertThat(Database.queryString("select count(*) from enrollment where lead_id = ?", lead.leadId()))
                    .isEqualTo("1");
            assertThat(Database.queryString("select email from nurture_lead where lead_id = ?", lead.leadId()))
                    .isEqualTo(lead.lead().contact().email());
        }
        assertThat(Topic.of(Topics.deadLetter(Topics.SCORED))
                .awaitExactly(1, r -> poisonValue.equals(r.value()), Duration.ofSeconds(1))).hasSize(1);
    }

    /** Publishes the records in one request while the consumer waits on the lock of a lead published before them. */
    static void publishedTogether(List<Topic.Raw> records) throws Exception {
        LeadScored held = Leads.american(Temperature.COLD);
        Database.holdingLeadLock(held.leadId(), () -> {
            Topic.of(Topics.SCORED).publishRaw(0, held.leadId().toString(), EventJson.write(held),
                    UUID.randomUUID().toString(), "lead.scored.v1");
            Awaitility.await("the consumer waiting on the held lead's lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> Integer.parseInt(Database.queryString(
                            "select count(*) from pg_locks where locktype = 'advisory' and not granted")) > 0);
            Topic.of(Topics.SCORED).publishTogether(0, records);
        });
    }

    /**
     * The lead's events on {@code leads.nurture}, once {@code expected} distinct ones arrived, each event id once: a
     * failed attempt may have sent its events before it failed, and the retry sends the same ids again.
     */
    static List<LeadNurture> events(LeadScored lead, int expected) {
        List<ConsumerRecord<String, String>> records = Topic.of(Topics.NURTURE).collect(
                r -> lead.leadId().toString().equals(r.key()),
                read -> read.stream().map(r -> Topic.header(r, "ce_id")).distinct().count() >= expected,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        Map<String, ConsumerRecord<String, String>> firstOfEach = new LinkedHashMap<>();
        records.forEach(r -> firstOfEach.putIfAbsent(Topic.header(r, "ce_id"), r));
        return firstOfEach.values().stream().map(r -> EventJson.read(r.value(), LeadNurture.class)).toList();
    }

    /** The event leaves just before its transaction commits: waits for the row. */
    static void awaitStatus(LeadScored lead, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", lead.leadId()).jsonPath().getString("status")));
    }

    static Topic.Raw raw(LeadScored scored) {
        return new Topic.Raw(scored.leadId().toString(), EventJson.write(scored), UUID.randomUUID().toString(),
                "lead.scored.v1");
    }

    static double batchesSplit() {
        return PrometheusText.sum(given().when().get("/q/metrics").then().extract().asString(),
                "leadflow_events_batches_split_total{consumer=\"nurturing-scored\"");
    }
}
