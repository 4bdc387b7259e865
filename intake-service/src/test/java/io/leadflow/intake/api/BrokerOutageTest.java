package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Topics;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The transactional outbox under a broker outage: a 202 is a promise that survives Kafka going away. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class BrokerOutageTest {

    static String submit(int i) {
        return LeadResourceTest.api().body(LeadResourceTest.lead("outage-" + i + "+" + UUID.randomUUID() + "@acme.fr"))
                .when().post("/api/v1/leads")
                .then().statusCode(202).extract().path("leadId");
    }

    /** From the metric, read without waiting on anything. */
    static long outboxPending() {
        return (long) PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_intake_outbox_pending");
    }

    @Test
    void everyAcceptedLeadReachesKafkaOnceWhenTheBrokerComesBack() {
        TestKafka kafka = RealKafkaAndPostgres.kafka();
        assumeThat(kafka.restartable()).as("needs the in-JVM broker, which a test can stop").isTrue();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(submit(i));
        }

        kafka.stop();
        try {
            for (int i = 5; i < 15; i++) {
                accepted.add(submit(i));
            }
            Awaitility.await("the outbox to report its backlog").atMost(Duration.ofSeconds(20))
                    .until(() -> outboxPending() > 0);
            // Still in rotation (the outbox keeps what it accepts), and saying it is degraded.
            Awaitility.await("the relay to report it cannot publish").atMost(Duration.ofSeconds(30))
                    .until(() -> relayFailing() == 1);
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Lead outbox' }.data.relay", equalTo("failing"));
        } finally {
            kafka.restart();
        }
        for (int i = 15; i < 20; i++) {
            accepted.add(submit(i));
        }

        Set<String> leads = Set.copyOf(accepted);
        List<ConsumerRecord<String, String>> records = Topic.of(Topics.RECEIVED).collect(
                r -> leads.contains(r.key()),
                read -> read.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(leads),
                Duration.ofSeconds(90), Duration.ofSeconds(2));
        Map<String, Set<String>> eventIdsByLead = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> Topic.header(r, "ce_id"), Collectors.toSet())));
        assertThat(eventIdsByLead.keySet()).containsExactlyInAnyOrderElementsOf(leads);
        assertThat(eventIdsByLead.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        Awaitility.await("the outbox to drain").atMost(Duration.ofSeconds(20)).until(() -> outboxPending() == 0);
        Awaitility.await("the relay publishing again").atMost(Duration.ofSeconds(20)).until(() -> relayFailing() == 0);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Lead outbox' }.data.relay", equalTo("publishing"));
    }

    static long relayFailing() {
        return (long) PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_intake_outbox_relay_failing");
    }
}
