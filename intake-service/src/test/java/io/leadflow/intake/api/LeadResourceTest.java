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

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class LeadResourceTest {

    static String lead(String email) {
        return """
                {"email": "%s", "firstName": "Claire", "lastName": "Martin", "company": "Acme SAS",
                 "jobTitle": "Directrice commerciale", "phone": "+33 6 12 34 56 78", "country": "FR",
                 "source": "website", "formType": "quote_request", "marketingConsent": true}
                """.formatted(email);
    }

    static String submit(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/leads")
                .then().statusCode(202).body("leadId", notNullValue())
                .extract().path("leadId");
    }

    @Test
    void acceptedLeadIsOnLeadsReceivedWithItsCloudEventsHeaders() {
        String email = "claire.martin+" + UUID.randomUUID() + "@acme.fr";

        String leadId = submit(lead(email.toUpperCase()));

        ConsumerRecord<String, String> record = Topic.of(Topics.RECEIVED).await(r -> leadId.equals(r.key()));
        LeadReceived event = EventJson.read(record.value(), LeadReceived.class);
        assertThat(event.leadId()).hasToString(leadId);
        assertThat(event.lead().contact().email()).isEqualTo(email);
        assertThat(event.formType()).isEqualTo(FormType.QUOTE_REQUEST);
        assertThat(event.lead().language()).isEqualTo("fr");
        assertThat(event.lead().timeZone()).isEqualTo("Europe/Paris");
        assertThat(event.lead().receivedAt()).isNotNull();
        assertThat(event.lead().consent().marketing()).isTrue();
        assertThat(Topic.header(record, "ce_type")).isEqualTo("lead.received.v1");
        assertThat(Topic.header(record, "ce_source")).isEqualTo("/leadflow/intake-service");
        assertThat(Topic.header(record, "ce_subject")).isEqualTo(leadId);
        assertThat(Topic.header(record, "ce_id")).isNotBlank();
        assertThat(Topic.header(record, "ce_time")).isNotBlank();
    }

    @Test
    void thePersonKeepsTheirLeadIdAcrossSubmissions() {
        String email = "repeat+" + UUID.randomUUID() + "@acme.fr";

        String first = submit(lead(email));
        String second = submit(lead("  " + email.toUpperCase() + " "));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndNothingReachesKafka() {
        String marker = "rejected+" + UUID.randomUUID() + "@acme.fr";

        given().contentType(ContentType.JSON).body("{\"email\": \"" + marker + "\", ")
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Malformed JSON"));

        given().contentType(ContentType.JSON).body(lead(marker).replace("\"email\": \"" + marker + "\"", "\"email\": \"nope\""))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("email")).body("errors.message", hasItem("is not a valid email address"));

        given().contentType(ContentType.JSON).body(lead(marker).replace("quote_request", "fax"))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("formType"));

        given().contentType(ContentType.JSON).body(lead(marker).replace("{", "{\"score\": 100, "))
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("score")).body("errors[0].message", containsString("unknown property"));

        given().contentType(ContentType.JSON).body(lead(marker).replace("Acme SAS", "x".repeat(70_000)))
                .when().post("/api/v1/leads")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));

        given().contentType(ContentType.TEXT).body(lead(marker))
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
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        submit(lead("metrics+" + UUID.randomUUID() + "@acme.fr"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("leadflow_leads_received_total{channel=\"api\",source=\"website\"}"));
    }
}
