package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class LeadResourceTest {

    static RequestSpecification api() {
        return given().header("X-Api-Key", "leadflow-test-key").contentType(ContentType.JSON);
    }

    static String lead(String email) {
        return lead(email, "quote_request");
    }

    static String lead(String email, String formType) {
        return """
                {"email": "%s", "firstName": "Claire", "lastName": "Martin", "company": "Acme SAS",
                 "jobTitle": "Directrice commerciale", "phone": "06 12 34 56 78", "country": "France",
                 "source": "website", "formType": "%s", "marketingConsent": true,
                 "utm": {"source": "google", "medium": "cpc", "campaign": "q4"}, "answers": {"timeline": "Q1"}}
                """.formatted(email, formType);
    }

    static String submit(String body) {
        return api().body(body)
                .when().post("/api/v1/leads")
                .then().statusCode(202).body("leadId", notNullValue())
                .extract().path("leadId");
    }

    @Test
    void acceptedLeadIsOnLeadsReceivedNormalizedWithItsCloudEventsHeaders() {
        String email = "claire.martin+" + UUID.randomUUID() + "@acme.fr";

        String leadId = submit(lead(email.toUpperCase()));

        ConsumerRecord<String, String> record = Topic.of(Topics.RECEIVED).await(r -> leadId.equals(r.key()));
        LeadReceived event = EventJson.read(record.value(), LeadReceived.class);
        assertThat(event.leadId()).hasToString(leadId);
        assertThat(event.lead().contact().email()).isEqualTo(email);
        assertThat(event.lead().contact().phone()).isEqualTo("+33612345678");
        assertThat(event.lead().country()).isEqualTo("FR");
        assertThat(event.formType()).isEqualTo(FormType.QUOTE_REQUEST);
        assertThat(event.lead().language()).isEqualTo("fr");
        assertThat(event.lead().timeZone()).isEqualTo("Europe/Paris");
        assertThat(event.lead().receivedAt()).isNotNull();
        assertThat(event.lead().consent().marketing()).isTrue();
        assertThat(event.lead().utm().campaign()).isEqualTo("q4");
        assertThat(event.answers()).containsEntry("timeline", "Q1");
        assertThat(Topic.header(record, "ce_type")).isEqualTo("lead.received.v1");
        assertThat(Topic.header(record, "ce_source")).isEqualTo("/leadflow/intake-service");
        assertThat(Topic.header(record, "ce_subject")).isEqualTo(leadId);
        assertThat(Topic.header(record, "ce_id")).isNotBlank();
        assertThat(Topic.header(record, "ce_time")).isNotBlank();
    }

    @Test
    void aKnownPersonKeepsTheirLeadIdAndTheirNewFormBecomesAnEngagement() {
        String email = "repeat+" + UUID.randomUUID() + "@acme.fr";

        String first = submit(lead(email, "newsletter"));
        String second = api().body(lead("  " + email.toUpperCase() + " ", "demo_request"))
                .when().post("/api/v1/leads")
                .then().statusCode(202).body("knownLead", equalTo(true)).extract().path("leadId");

        assertThat(second).isEqualTo(first);
        LeadEngagement engagement = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(first),
                LeadEngagement.class, e -> true);
        assertThat(engagement.activity()).isEqualTo(Activity.FORM_SUBMITTED);
        assertThat(engagement.formType()).isEqualTo(FormType.DEMO_REQUEST);
        assertThat(engagement.details()).containsEntry("jobTitle", "Directrice commerciale");
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(1, r -> first.equals(r.key()), Duration.ofSeconds(2)))
                .hasSize(1);
    }

    @Test
    void aRetryWithItsIdempotencyKeyGetsTheFirstAnswerAndCreatesNothingMore() {
        String key = UUID.randomUUID().toString();
        String body = lead("retry+" + UUID.randomUUID() + "@acme.fr");

        String first = api().header("Idempotency-Key", key).body(body).when().post("/api/v1/leads")
                .then().statusCode(202).body("knownLead", equalTo(false)).extract().path("leadId");
        api().header("Idempotency-Key", key).body(body).when().post("/api/v1/leads")
                .then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("leadId", equalTo(first)).body("knownLead", equalTo(false));
        api().header("Idempotency-Key", key).body(body.replace("Claire", "Claude")).when().post("/api/v1/leads")
                .then().statusCode(422).contentType("application/problem+json");

        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(1, r -> first.equals(r.key()), Duration.ofSeconds(2)))
                .hasSize(1);
        assertThat(Topic.of(Topics.ENGAGEMENT).awaitExactly(0, r -> first.equals(r.key()), Duration.ofSeconds(1)))
                .isEmpty();
    }

    @Test
    void callersWithoutAValidKeyAreRefused() {
        given().contentType(ContentType.JSON).body(lead("nokey@acme.fr"))
                .when().post("/api/v1/leads")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-key").contentType(ContentType.JSON).body(lead("nokey@acme.fr"))
                .when().post("/api/v1/leads")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer leadflow-test-key").contentType(ContentType.JSON)
                .body(lead("bearer+" + UUID.randomUUID() + "@acme.fr"))
                .when().post("/api/v1/leads")
                .then().statusCode(202);
    }

    @Test
    void aKeyOverItsRateIsToldWhenToRetry() {
        int status = 0;
        String retryAfter = null;
        for (int i = 0; i < 200 && status != 429; i++) {
            var response = given().header("X-Api-Key", "leadflow-limited-key").contentType(ContentType.JSON)
                    .body("{}").when().post("/api/v1/leads");
            status = response.statusCode();
            retryAfter = response.header("Retry-After");
        }

        assertThat(status).isEqualTo(429);
        assertThat(Long.parseLong(retryAfter)).isPositive();
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndNothingReachesKafka() {
        String marker = "rejected+" + UUID.randomUUID() + "@acme.fr";

        api().body("{\"email\": \"" + marker + "\", ")
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Malformed JSON"));

        api().body(lead(marker).replace("\"email\": \"" + marker + "\"", "\"email\": \"nope\""))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("email")).body("errors.message", hasItem("is not a valid email address"));

        api().body(lead(marker).replace("quote_request", "fax"))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("formType"));

        api().body(lead(marker).replace("{\"email\"", "{\"score\": 100, \"email\""))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("score")).body("errors[0].message", containsString("unknown property"));

        api().body(lead(marker).replace("\"timeline\": \"Q1\"", "\"timeline\": {\"nested\": 1}"))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("answers.timeline"));

        api().body(lead(marker).replace("Acme SAS", "x".repeat(70_000)))
                .when().post("/api/v1/leads")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));

        given().header("X-Api-Key", "leadflow-test-key").contentType(ContentType.TEXT).body(lead(marker))
                .when().post("/api/v1/leads")
                .then().statusCode(415).contentType("application/problem+json");

        // A valid lead published after the rejected ones is the proof the topic was read far enough.
        String witness = submit(lead("witness+" + UUID.randomUUID() + "@acme.fr"));
        Topic.of(Topics.RECEIVED).await(r -> witness.equals(r.key()));
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(0, r -> r.value().contains(marker), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void unknownRoutesAnswerInProblemForm() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().when().get("/nowhere")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void healthAndMetricsAreExposed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Lead outbox' }.status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        submit(lead("metrics+" + UUID.randomUUID() + "@acme.fr"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("leadflow_leads_received_total{channel=\"api\",source=\"website\"}"))
                .body(containsString("leadflow_intake_outbox_pending"));
    }
}
