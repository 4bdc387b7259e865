package io.leadflow.scoring.messaging;

import static io.leadflow.scoring.messaging.AttemptTimeoutTest.connect;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.count;
import static io.leadflow.scoring.messaging.AttemptTimeoutTest.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A consumer takes what one poll returns as one batch, in one transaction; a batch that fails is retried record by
 * record. Each test holds the consumer on a first lead's lock (another connection holds it) while the records under
 * test are published in one produce request behind it, so they reach the consumer together.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class BatchConsumptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void recordsPolledTogetherAreScoredInOneTransaction() throws Exception {
        List<LeadReceived> leads = leads("together", 6);
        List<Topic.Raw> records = leads.stream().map(BatchConsumptionTest::raw).toList();

        behindAHeldLead(() -> Topic.of(Topics.RECEIVED).publishTogether(0, records));

        List<ConsumerRecord<String, String>> scored = scoredEvents(keys(leads));
        assertThat(scored).hasSize(leads.size());
        String ids = records.stream().map(r -> "'" + r.eventId() + "'").collect(Collectors.joining(","));
        assertThat(count("select count(*) from processed_event where consumer = 'scoring-received' and event_id in ("
                + ids + ")")).isEqualTo(leads.size());
        // now() is the transaction's start: one transaction recorded every event id of the batch.
        assertThat(count("select count(distinct processed_at) from processed_event where consumer = 'scoring-received'"
                + " and event_id in (" + ids + ")")).isEqualTo(1);
    }

    @Test
    void aLeadsRecordsPolledTogetherApplyInTheirOrderEachOnTheStateTheOneBeforeLeft() throws Exception {
        LeadReceived lead = TestLeads.received("again-" + UUID.randomUUID() + "@acme-industries.com", "Head of Sales",
                FormType.CONTACT);
        List<Topic.Raw> records = List.of(raw(lead),
                raw(new LeadReceived(lead.leadId(), lead.lead(), FormType.NEWSLETTER, Map.of())),
                raw(new LeadReceived(lead.leadId(), lead.lead(), FormType.DEMO_REQUEST, Map.of())));

        behindAHeldLead(() -> Topic.of(Topics.RECEIVED).publishTogether(0, records));

        // Fit counted once, then each form on the score the one before left: newsletter +10, demo +30.
        List<Integer> scores = Topic.of(Topics.SCORED).collect(r -> lead.leadId().toString().equals(r.key()),
                got -> got.size() == 3, WAIT, Duration.ofSeconds(2)).stream()
                .map(r -> EventJson.read(r.value(), LeadScored.class).score()).toList();
        assertThat(scores).hasSize(3);
        assertThat(List.of(scores.get(1) - scores.get(0), scores.get(2) - scores.get(1))).containsExactly(10, 30);
        var score = TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(score.getList("contributions.rule", String.class)).doesNotHaveDuplicates()
                .contains("email.business", "title.head", "form.contact", "form.newsletter", "form.demo_request");
        assertThat(score.getList("history.scoreAfter", Integer.class)).isEqualTo(scores);
        String ids = records.stream().map(r -> "'" + r.eventId() + "'").collect(Collectors.joining(","));
        assertThat(count("select count(distinct processed_at) from processed_event where consumer = 'scoring-received'"
                + " and event_id in (" + ids + ")")).isEqualTo(1);
    }

    @Test
    void aRecordThatFailsItsBatchIsDeadLetteredAloneAndItsNeighboursAreScoredOnce() throws Exception {
        List<LeadReceived> neighbours = leads("neighbour", 4);
        String poisonLead = UUID.randomUUID().toString();
        String poisonValue = "{\"leadId\":\"" + poisonLead + "\"}";
        Topic.Raw poison = new Topic.Raw(poisonLead, poisonValue, UUID.randomUUID().toString(), "lead.received.v1");
        List<Topic.Raw> records = new ArrayList<>(neighbours.stream().map(BatchConsumptionTest::raw).toList());
        records.add(2, poison);
        double splitBefore = batchesSplit();

        behindAHeldLead(() -> Topic.of(Topics.RECEIVED).publishTogether(0, records));

        ConsumerRecord<String, String> dead = Topic.of(Topics.deadLetter(Topics.RECEIVED))
                .await(r -> poisonValue.equals(r.value()));
        assertThat(Topic.header(dead, "dead-letter-reason")).contains("without leadId, lead, formType");
        // The failed batch may have published its first records' events before the poison failed it; the retry
        // publishes them again with the same ids, which the next consumer skips: one event id per lead.
        Map<String, Set<String>> eventIdsByLead = scoredEvents(keys(neighbours)).stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(r -> Topic.header(r, "ce_id"), Collectors.toSet())));
        assertThat(eventIdsByLead).hasSize(neighbours.size()).allSatisfy((lead, ids) -> assertThat(ids).hasSize(1));
        for (Topic.Raw neighbour : records.stream().filter(r -> r != poison).toList()) {
            assertThat(count("select count(*) from processed_event where consumer = 'scoring-received'"
                    + " and event_id = ?", neighbour.eventId())).isEqualTo(1);
            assertThat(TestTokens.admin().when().get("/api/v1/leads/{id}/score", neighbour.key())
                    .then().statusCode(200).extract().jsonPath().getList("contributions.rule", String.class))
                    .isNotEmpty().doesNotHaveDuplicates();
        }
        assertThat(count("select count(*) from processed_event where event_id = ?", poison.eventId())).isZero();
        assertThat(batchesSplit()).isGreaterThan(splitBefore);
        assertThat(Topic.of(Topics.deadLetter(Topics.RECEIVED))
                .awaitExactly(1, r -> poisonValue.equals(r.value()), Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void aLiveLeadIsScoredWhileTheImportsChannelIsHeldAndTheImportedLeadIsScoredInTheBulkLane() throws Exception {
        LeadReceived live = TestLeads.received("live-" + UUID.randomUUID() + "@acme-industries.com", "VP Sales",
                FormType.DEMO_REQUEST);
        // The import's channel waits on its lead's lock while the live lead is published and scored.
        LeadReceived imported = behindAHeldLead(Topics.RECEIVED_BULK, () -> {
            Topic.of(Topics.RECEIVED).publishRaw(0, live.leadId().toString(), EventJson.write(live),
                    UUID.randomUUID().toString(), "lead.received.v1");
            Topic.of(Topics.SCORED).await(r -> live.leadId().toString().equals(r.key()));
        });

        String importedId = imported.leadId().toString();
        ConsumerRecord<String, String> bulk = Topic.of(Topics.SCORED_BULK).await(r -> importedId.equals(r.key()));
        assertThat(Topic.header(bulk, "ce_type")).isEqualTo("lead.scored.v1");
        assertThat(Topic.of(Topics.SCORED).awaitExactly(0, r -> importedId.equals(r.key()), Duration.ofSeconds(2)))
                .as("an imported lead's score stays in the bulk lane").isEmpty();
        assertThat(Topic.of(Topics.SCORED_BULK).awaitExactly(0, r -> live.leadId().toString().equals(r.key()),
                Duration.ofSeconds(1))).isEmpty();
    }

    private static void behindAHeldLead(Runnable publish) throws Exception {
        behindAHeldLead(Topics.RECEIVED, publish);
    }

    /**
     * Publishes, while the consumer of {@code topic} waits on the lock of a lead published there just before, then
     * lets it go; returns that lead.
     */
    private static LeadReceived behindAHeldLead(String topic, Runnable publish) throws Exception {
        LeadReceived first = TestLeads.received("first-" + UUID.randomUUID() + "@acme-industries.com", "VP Sales",
                FormType.CONTACT);
        long lockKey = first.leadId().getMostSignificantBits() ^ first.leadId().getLeastSignificantBits();
        try (Connection holder = connect()) {
            query(holder, "select pg_advisory_lock(?)", lockKey);
            Topic.of(topic).publishRaw(0, first.leadId().toString(), EventJson.write(first),
                    UUID.randomUUID().toString(), "lead.received.v1");
            Awaitility.await("the consumer waiting on the held lead's lock").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> count("select count(*) from pg_locks where locktype = 'advisory' and not granted")
                            > 0);
            publish.run();
            query(holder, "select pg_advisory_unlock(?)", lockKey);
        }
        return first;
    }

    /** The leads.scored records of these leads, once each has one and nothing more came for 2 s. */
    private static List<ConsumerRecord<String, String>> scoredEvents(Set<String> leadIds) {
        return Topic.of(Topics.SCORED).collect(r -> leadIds.contains(r.key()),
                got -> got.stream().map(ConsumerRecord::key).distinct().count() == leadIds.size(), WAIT,
                Duration.ofSeconds(2));
    }

    private static List<LeadReceived> leads(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> TestLeads.received(
                prefix + i + "-" + UUID.randomUUID() + "@acme-industries.com", "Head of Sales", FormType.CONTACT))
                .toList();
    }

    private static Topic.Raw raw(LeadReceived lead) {
        return new Topic.Raw(lead.leadId().toString(), EventJson.write(lead), UUID.randomUUID().toString(),
                "lead.received.v1");
    }

    private static Set<String> keys(List<LeadReceived> leads) {
        return leads.stream().map(l -> l.leadId().toString()).collect(Collectors.toSet());
    }

    static double batchesSplit() {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_events_batches_split_total{consumer=\"scoring-received\"");
    }
}
