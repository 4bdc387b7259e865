package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Deliveries shaped like the samples the providers publish, signed as each provider signs. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class WebhookResourceTest {

    static String typeformDelivery(String email) {
        return """
                {"event_id": "01HX%s", "event_type": "form_response",
                 "form_response": {"form_id": "lT4Z3j", "token": "a3a12ec67a1365927098a606107fac15",
                  "submitted_at": "2026-11-26T09:17:02Z", "landed_at": "2026-11-26T09:07:02Z",
                  "hidden": {"utm_campaign": "spring-demo"},
                  "definition": {"id": "lT4Z3j", "title": "Book a demo", "fields": []},
                  "answers": [
                   {"type": "text", "text": "Laura", "field": {"id": "JwWggjAKtOkA", "type": "short_text", "ref": "first_name"}},
                   {"type": "text", "text": "Diaz", "field": {"id": "KoJxDM3c6x8h", "type": "short_text", "ref": "last_name"}},
                   {"type": "email", "email": "%s", "field": {"id": "SMEUb7VJz92Q", "type": "email", "ref": "email"}},
                   {"type": "text", "text": "Globex", "field": {"id": "pn48RmPazVdM", "type": "short_text", "ref": "company"}},
                   {"type": "text", "text": "Head of Sales", "field": {"id": "Q7M2XAwY04dW", "type": "short_text", "ref": "job_title"}},
                   {"type": "phone_number", "phone_number": "+34 612 34 56 78", "field": {"id": "gFFf3xAkJKsr", "type": "phone_number", "ref": "phone"}},
                   {"type": "choice", "choice": {"label": "Spain"}, "field": {"id": "k6TP9oLGgHjl", "type": "multiple_choice", "ref": "country"}},
                   {"type": "boolean", "boolean": true, "field": {"id": "RUqkXSeXBXSd", "type": "yes_no", "ref": "consent"}}
                  ]}}
                """.formatted(UUID.randomUUID(), email);
    }

    static String base64Hmac(String secret, String data) {
        return Base64.getEncoder().encodeToString(WebhookSignatures.hmac(secret, data.getBytes(StandardCharsets.UTF_8)));
    }

    static String hexHmac(String secret, String data) {
        return HexFormat.of().formatHex(WebhookSignatures.hmac(secret, data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTypeformResponseBecomesALeadOnceHoweverOftenItIsDelivered() {
        String email = "laura.diaz+" + UUID.randomUUID() + "@globex.es";
        String body = typeformDelivery(email);
        // Signed with the second secret: the sender is mid-rotation.
        String signature = "sha256=" + base64Hmac("typeform-new-secret", body);

        String leadId = given().header("Typeform-Signature", signature).contentType("application/json").body(body)
                .when().post("/api/v1/webhooks/typeform")
                .then().statusCode(202).extract().path("leadId");
        given().header("Typeform-Signature", signature).contentType("application/json").body(body)
                .when().post("/api/v1/webhooks/typeform")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("leadId", equalTo(leadId));

        LeadReceived received = Topic.of(Topics.RECEIVED).awaitEvent(UUID.fromString(leadId), LeadReceived.class,
                e -> true);
        assertThat(received.lead().contact().firstName()).isEqualTo("Laura");
        assertThat(received.lead().contact().jobTitle()).isEqualTo("Head of Sales");
        assertThat(received.lead().contact().phone()).isEqualTo("+34612345678");
        assertThat(received.lead().company().name()).isEqualTo("Globex");
        assertThat(received.lead().country()).isEqualTo("ES");
        assertThat(received.lead().campaign()).isEqualTo("spring-demo");
        assertThat(received.lead().source()).isEqualTo("typeform");
        assertThat(received.lead().consent().marketing()).isTrue();
        assertThat(received.lead().consent().channel()).isEqualTo("webhook");
        assertThat(received.formType()).isEqualTo(FormType.DEMO_REQUEST);
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(1, r -> leadId.equals(r.key()), Duration.ofSeconds(2)))
                .hasSize(1);
    }

    @Test
    void unsignedForgedAndUnknownDeliveriesAreRefused() {
        String body = typeformDelivery("forged+" + UUID.randomUUID() + "@globex.es");

        given().contentType("application/json").body(body).when().post("/api/v1/webhooks/typeform")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Typeform-Signature", "sha256=" + base64Hmac("guessed-secret", body))
                .contentType("application/json").body(body).when().post("/api/v1/webhooks/typeform")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Typeform-Signature", "sha256=" + base64Hmac("typeform-new-secret", body))
                .contentType("application/json").body(body.replace("Laura", "Mallory"))
                .when().post("/api/v1/webhooks/typeform")
                .then().statusCode(401);
        given().contentType("application/json").body("{}").when().post("/api/v1/webhooks/nobody")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aHubSpotWorkflowWebhookIsCheckedWithItsV3SignatureAndTimestamp() {
        String email = "pat.lee+" + UUID.randomUUID() + "@initech.com";
        String body = """
                {"vid": 3234574, "portal-id": 62515,
                 "properties": {"email": {"value": "%s"}, "firstname": {"value": "Pat"}, "lastname": {"value": "Lee"},
                  "company": {"value": "Initech"}, "jobtitle": {"value": "CFO"}, "country": {"value": "United States"},
                  "phone": {"value": "(415) 555-2671"}}}
                """.formatted(email);
        String uri = RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/webhooks/hubspot";
        String now = String.valueOf(Instant.now().toEpochMilli());
        String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli());

        given().header("X-HubSpot-Signature-v3", base64Hmac("hubspot-test-secret", "POST" + uri + body + stale))
                .header("X-HubSpot-Request-Timestamp", stale).contentType("application/json").body(body)
                .when().post("/api/v1/webhooks/hubspot")
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.containsString("five minutes"));
        String leadId = given()
                .header("X-HubSpot-Signature-v3", base64Hmac("hubspot-test-secret", "POST" + uri + body + now))
                .header("X-HubSpot-Request-Timestamp", now).contentType("application/json").body(body)
                .when().post("/api/v1/webhooks/hubspot")
                .then().statusCode(202).extract().path("leadId");

        LeadReceived received = Topic.of(Topics.RECEIVED).awaitEvent(UUID.fromString(leadId), LeadReceived.class,
                e -> true);
        assertThat(received.lead().country()).isEqualTo("US");
        assertThat(received.lead().contact().phone()).isEqualTo("+14155552671");
        assertThat(received.lead().consent().marketing()).isFalse();
    }

    @Test
    void aPartnerSigningLikeMetaIsAcceptedAndAnUnusableLeadIsNamed() {
        String email = "sam+" + UUID.randomUUID() + "@umbrella.co.uk";
        String body = """
                {"email": "%s", "first_name": "Sam", "company": "Umbrella", "country": "GB",
                 "form_type": "quote_request", "consent": "yes"}
                """.formatted(email);
        String noEmail = "{\"first_name\": \"Sam\", \"country\": \"GB\"}";

        given().header("X-Hub-Signature-256", "sha256=" + hexHmac("partner-test-secret", body))
                .contentType("application/json").body(body).when().post("/api/v1/webhooks/partner")
                .then().statusCode(202);
        given().header("X-Hub-Signature-256", "sha256=" + hexHmac("partner-test-secret", noEmail))
                .contentType("application/json").body(noEmail).when().post("/api/v1/webhooks/partner")
                .then().statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("email"));
    }

    @Test
    void emailEventsOfKnownLeadsBecomeEngagements() {
        String email = "bounced+" + UUID.randomUUID() + "@acme.fr";
        String leadId = LeadResourceTest.submit(LeadResourceTest.lead(email, "newsletter"));
        long sentAt = Instant.now().getEpochSecond();
        String body = """
                [{"email": "%s", "timestamp": %d, "event": "bounce", "reason": "550 5.1.1 no such user", "sg_event_id": "a1"},
                 {"email": "stranger+%s@nowhere.io", "timestamp": %d, "event": "open", "sg_event_id": "a2"},
                 {"email": "%s", "timestamp": %d, "event": "processed", "sg_event_id": "a3"}]
                """.formatted(email, sentAt, UUID.randomUUID(), sentAt, email, sentAt);
        long t = Instant.now().getEpochSecond();

        given().header("Leadflow-Signature", "t=" + t + ",v1=" + hexHmac("email-test-secret", t + "." + body))
                .contentType("application/json").body(body).when().post("/api/v1/webhooks/email-events")
                .then().statusCode(202).body("recorded", equalTo(1));

        LeadEngagement bounce = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(leadId), LeadEngagement.class,
                e -> e.activity() == Activity.EMAIL_BOUNCED);
        assertThat(bounce.occurredAt()).isEqualTo(Instant.ofEpochSecond(sentAt));
        assertThat(bounce.details()).containsEntry("providerEvent", "bounce");
    }
}
