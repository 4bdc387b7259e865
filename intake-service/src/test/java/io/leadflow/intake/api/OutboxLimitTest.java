package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
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

import io.leadflow.events.Activity;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.Topics;
import io.leadflow.support.tracking.TrackingTokens;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The outbox's bound: with the broker away, intake accepts until the live lane holds its limit, then refuses with 503
 * and Retry-After, loses none of what it accepted, and accepts again once the relay drained the backlog.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@TestProfile(OutboxLimitTest.SmallOutbox.class)
class OutboxLimitTest {

    public static class SmallOutbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("leadflow.intake.outbox.max-pending", "6", "leadflow.intake.outbox.retry-after-seconds",
                    "7");
        }
    }

    static Response post(String email) {
        return LeadResourceTest.api().body(LeadResourceTest.lead(email)).when().post("/api/v1/leads");
    }

    @Test
    void aFullOutboxRefusesNewLeadsAndLosesNoneItAccepted() {
        TestKafka kafka = RealKafkaAndPostgres.kafka();
        assumeThat(kafka.restartable()).as("needs the in-JVM broker, which a test can stop").isTrue();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> accepted = new ArrayList<>();
        Response[] refused = new Response[1];
        kafka.stop();
        try {
            // Each attempt either is accepted (kept in the outbox) or meets the full outbox.
            Awaitility.await("the outbox to fill and refuse").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        Response answer = post("full-" + accepted.size() + "+" + run + "@acme.fr");
                        if (answer.statusCode() == 202) {
                            accepted.add(answer.path("leadId"));
                            return false;
                        }
                        refused[0] = answer;
                        return true;
                    });
            assertThat(refused[0].statusCode()).isEqualTo(503);
            assertThat(refused[0].contentType()).startsWith("application/problem+json");
            assertThat(refused[0].header("Retry-After")).isEqualTo("7");
            assertThat(refused[0].<String> path("type")).endsWith("outbox-full");
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(6);
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Lead outbox' }.data.limitPerLane", equalTo(6));
            assertThat(PrometheusText.sum(given().get("/q/metrics").then().extract().asString(),
                    "leadflow_leads_rejected_total{reason=\"outbox_full\"")).isGreaterThanOrEqualTo(1);

            // A tracked open is not recorded while the outbox is full (its visitor still gets the pixel); an
            // unsubscribe always is.
            String person = accepted.get(0);
            given().when().get("/t/o/{token}", EngagementResourceTest.TOKENS.sign(new TrackingTokens.Claims(
                    UUID.fromString(person), "open", null, "touch-full", null)))
                    .then().statusCode(200).contentType("image/gif");
            given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .when().post("/t/u/{token}", UnsubscribeTest.unsubscribeToken(person))
                    .then().statusCode(200);

            // The lanes are bounded apart: a full live lane refuses no import, and imports fill only their own.
            StringBuilder csv = new StringBuilder("email,company,country\n");
            for (int i = 0; i < 10; i++) {
                csv.append("imp").append(i).append('+').append(run).append("@acme.fr,Acme,FR\n");
            }
            byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
            String first = ImportResourceTest.uploadCsv(file, "");
            assertThat(ImportResourceTest.awaitFinished(first, Duration.ofSeconds(60)).getInt("accepted"))
                    .isEqualTo(10);
            Awaitility.await("the bulk lane full").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().header("X-Api-Key", ImportResourceTest.KEY).contentType("text/csv")
                            .body("email,country\nlate+" + run + "@acme.fr,FR\n").when().post("/api/v1/imports")
                            .then().extract().statusCode() == 503);
        } finally {
            kafka.restart();
        }

        Awaitility.await("intake accepting again once the backlog drained").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    Response answer = post("after+" + run + "@acme.fr");
                    if (answer.statusCode() == 202) {
                        accepted.add(answer.path("leadId"));
                        return true;
                    }
                    assertThat(answer.statusCode()).isEqualTo(503);
                    return false;
                });
        Set<String> leads = Set.copyOf(accepted);
        List<ConsumerRecord<String, String>> records = Topic.of(Topics.RECEIVED).collect(
                r -> leads.contains(r.key()),
                read -> read.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(leads),
                Duration.ofSeconds(90), Duration.ofSeconds(2));
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(leads);
        String person = accepted.get(0);
        Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(person), LeadEngagement.class,
                e -> e.activity() == Activity.UNSUBSCRIBED);
        assertThat(Topic.of(Topics.ENGAGEMENT).awaitExactly(0, r -> person.equals(r.key())
                && r.value().contains("touch-full"), Duration.ofSeconds(2))).as("the open, dropped").isEmpty();
    }
}
