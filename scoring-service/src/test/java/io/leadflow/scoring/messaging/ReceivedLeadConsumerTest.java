package io.leadflow.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestLeads;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ReceivedLeadConsumerTest {

    @Test
    void scoresAReceivedLeadAndPublishesTheSnapshot() {
        LeadReceived lead = TestLeads.received("ana@acme-industries.com", "Directrice commerciale", FormType.QUOTE_REQUEST);

        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);

        ConsumerRecord<String, String> record = Topic.of(Topics.SCORED).await(r -> lead.leadId().toString().equals(r.key()));
        LeadScored scored = EventJson.read(record.value(), LeadScored.class);
        // quote 30 + business email 10 + director 20 + sales 5 + France 5, and from the demo firmographics:
        // manufacturing 10 + 1001-5000 employees 15 + revenue 100M+ 10 + in the news 3.
        assertThat(scored.score()).isEqualTo(108);
        assertThat(scored.temperature()).isEqualTo(Temperature.HOT);
        assertThat(scored.ruleSetVersion()).isEqualTo("2026.11.3");
        assertThat(scored.lead()).isEqualTo(lead.lead());
        assertThat(scored.enrichment().companyName()).isEqualTo("Acme Industries Inc.");
        assertThat(scored.enrichment().employeeBand()).isEqualTo("1001-5000");
        assertThat(scored.enrichment().source()).isEqualTo("reference");
        assertThat(scored.topContributions()).hasSize(5);
        assertThat(Topic.header(record, "ce_type")).isEqualTo("lead.scored.v1");
        assertThat(Topic.header(record, "ce_source")).isEqualTo("/leadflow/scoring-service");

        TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId())
                .then().statusCode(200)
                .body("score", equalTo(108)).body("temperature", equalTo("hot")).body("grade", equalTo("A"))
                .body("contributions.rule", hasItems("form.quote_request", "email.business", "title.director",
                        "company.industry", "company.employees", "company.revenue", "company.recent_news"))
                .body("contributions.find { it.rule == 'company.employees' }.points", equalTo(15))
                .body("contributions.find { it.rule == 'company.employees' }.ruleSetVersion", equalTo("2026.11.3"));
    }

    @Test
    void aRedeliveredEventIsScoredOnce() {
        LeadReceived lead = TestLeads.received("bo@gmail.com", null, FormType.NEWSLETTER);
        String eventId = UUID.randomUUID().toString();
        Topic topic = Topic.of(Topics.RECEIVED);

        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.received.v1");
        topic.publishRaw(lead.leadId().toString(), EventJson.write(lead), eventId, "lead.received.v1");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesSkipped() >= 1);
        assertThat(Topic.of(Topics.SCORED).awaitExactly(1, r -> lead.leadId().toString().equals(r.key()),
                Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        LeadReceived next = TestLeads.received("cy@acme.fr", null, FormType.CONTACT);
        String key = next.leadId().toString();

        Topic.of(Topics.RECEIVED).publishRaw(key, "{this is not json", UUID.randomUUID().toString(), "lead.received.v1");
        Topic.of(Topics.RECEIVED).publishRaw(key, "{\"leadId\":\"" + key + "\"}", UUID.randomUUID().toString(),
                "lead.received.v1");
        Topic.of(Topics.RECEIVED).publish(next.leadId(), next);

        ConsumerRecord<String, String> dead = Topic.of(Topics.deadLetter(Topics.RECEIVED))
                .await(r -> r.value() != null && r.value().startsWith("{this is not json"));
        assertThat(Topic.header(dead, "dead-letter-reason")).contains("not a valid LeadReceived");
        ConsumerRecord<String, String> incomplete = Topic.of(Topics.deadLetter(Topics.RECEIVED))
                .await(r -> ("{\"leadId\":\"" + key + "\"}").equals(r.value()));
        assertThat(Topic.header(incomplete, "dead-letter-reason")).contains("without leadId, lead, formType");
        // contact 15 + business email 10 + France 5
        assertThat(Topic.of(Topics.SCORED).awaitEvent(next.leadId(), LeadScored.class, s -> true).score())
                .isEqualTo(30);
    }

    @Test
    void anUnknownLeadHasNoScore() {
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    static double duplicatesSkipped() {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_events_duplicate_total{consumer=\"scoring-received\"");
    }
}
