package io.leadflow.intake.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.ExportContributed;
import io.leadflow.events.ExportRequested;
import io.leadflow.events.Topics;
import io.leadflow.intake.TestClock;
import io.leadflow.intake.TestTokens;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;

/**
 * An admin exports a person through intake, with the real broker and database: the request travels on
 * {@code leads.privacy} with the lead id and a hash of the email only; intake's own part (identity, consent history)
 * is there at once; the export stays pending until every service's part arrived over the broker, then reads as one
 * document, and the retention purge removes it. Also the consent history endpoint, and bad requests.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ExportFlowTest {

    static final String CONTRIBUTED = "lead.export.contributed.v1";

    @Inject
    TestClock clock;

    @Inject
    RetentionPurge purge;

    @Inject
    Vertx vertx;

    /** Only moved after the test's last submission: the API key's rate limiter reads the same clock. */
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String submit(String email, boolean consent, String textVersion, String idempotencyKey) {
        String body = """
                {"email": "%s", "lastName": "Portable", "company": "Export SAS", "country": "France",
                 "formType": "demo_request", "marketingConsent": %s, "consentTextVersion": "%s"}
                """.formatted(email, consent, textVersion);
        return given().header("X-Api-Key", "leadflow-test-key").header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/leads")
                .then().statusCode(202).extract().path("leadId");
    }

    @Test
    void exportIsPendingUntilEveryServiceAnsweredThenOneDocumentThenPurged() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "pia.portable-" + marker + "@export-me.fr";
        String leadId = submit(email, true, "v1-" + marker, "export-1-" + marker);
        assertThat(submit(email, false, "v2-" + marker, "export-2-" + marker)).isEqualTo(leadId);
        String otherLead = submit("someone.else-" + marker + "@export-me.fr", true, "v1", "export-3-" + marker);

        String location = TestTokens.admin().contentType(ContentType.JSON)
                .body("{\"email\": \" " + email.toUpperCase() + " \"}").when().post("/api/v1/privacy/exports")
                .then().statusCode(202).body("id", notNullValue()).body("status", equalTo("pending"))
                .extract().header("Location");
        String exportId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).endsWith("/api/v1/privacy/exports/" + exportId);

        Topic privacy = Topic.of(Topics.PRIVACY);
        ConsumerRecord<String, String> requested = privacy.await(r -> leadId.equals(r.key())
                && "lead.export.requested.v1".equals(Topic.header(r, "ce_type"))
                && r.value().contains(exportId));
        ExportRequested request = EventJson.read(requested.value(), ExportRequested.class);
        assertThat(request.leadIds()).containsExactly(UUID.fromString(leadId));
        assertThat(request.emailSha256()).isEqualTo(Erasures.sha256(email));
        assertThat(requested.value()).as("only the hash travels").doesNotContain(email);

        JsonPath pending = TestTokens.admin().when().get(location).then().statusCode(200)
                .body("status", equalTo("pending")).extract().jsonPath();
        assertThat(pending.getString("services.find { it.service == 'intake-service' }.status"))
                .isEqualTo("answered");
        for (String service : List.of("scoring-service", "routing-service", "nurturing-service")) {
            assertThat(pending.getString("services.find { it.service == '" + service + "' }.status"))
                    .isEqualTo("pending");
        }

        // Scoring answers twice (a redelivery), routing once: still pending without nurturing.
        String scoringEvent = UUID.randomUUID().toString();
        String scoringPart = part(exportId, "scoring-service", Map.of("scores", List.of(Map.of("grade", "A1"))));
        privacy.publishRaw(leadId, scoringPart, scoringEvent, CONTRIBUTED);
        privacy.publishRaw(leadId, scoringPart, scoringEvent, CONTRIBUTED);
        // Routing's part was too large for a record: it came as a note (service-support's ExportRequests).
        privacy.publishRaw(leadId, part(exportId, "routing-service", Map.of("truncated", true, "sections",
                List.of("assignments"))), UUID.randomUUID().toString(), CONTRIBUTED);
        awaitStatus(location, "routing-service", "answered");
        TestTokens.admin().when().get(location).then().statusCode(200).body("status", equalTo("pending"))
                .body("services.find { it.service == 'scoring-service' }.status", equalTo("answered"))
                .body("services.find { it.service == 'nurturing-service' }.status", equalTo("pending"));

        privacy.publishRaw(leadId, part(exportId, "nurturing-service", Map.of("suppressions",
                List.of(Map.of("reason", "unsubscribed")))), UUID.randomUUID().toString(), CONTRIBUTED);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "complete".equals(TestTokens.admin().when().get(location).then().extract()
                        .path("status")));

        JsonPath export = TestTokens.admin().when().get(location).then().statusCode(200).extract().jsonPath();
        assertThat(export.getString("exportId")).isEqualTo(exportId);
        assertThat(export.getString("requestedAt")).isNotNull();
        assertThat(export.getString("completedAt")).isNotNull();
        assertThat(export.getString("subject.email")).isEqualTo(email);
        assertThat(export.getList("subject.leadIds")).containsExactly(leadId);
        assertThat(export.getMap("services").keySet()).containsExactlyInAnyOrder("intake", "scoring", "routing",
                "nurturing");
        assertThat(export.getString("services.intake.identity.email")).isEqualTo(email);
        assertThat(export.getList("services.intake.consents.status")).containsExactly("granted", "withdrawn");
        assertThat(export.getList("services.intake.consents.textVersion")).containsExactly("v1-" + marker,
                "v2-" + marker);
        assertThat(export.getString("services.scoring.scores[0].grade")).isEqualTo("A1");
        assertThat(export.getList("truncatedParts")).as("a part that came as a note is named up front")
                .containsExactly("routing");
        assertThat(export.getString("services.nurturing.suppressions[0].reason")).isEqualTo("unsubscribed");
        assertThat(export.prettify()).doesNotContain(otherLead).doesNotContain("someone.else-" + marker);

        // Completed exports expire: 30 days later the purge removes it, counted by kind.
        double before = purged("exports");
        clock.advance(Duration.ofDays(31));
        Map<String, Integer> removed = VertxContexts.await(vertx.getDelegate(), purge::purge, Duration.ofSeconds(60));
        assertThat(removed.get("exports")).isGreaterThanOrEqualTo(1);
        assertThat(purged("exports") - before).isEqualTo(removed.get("exports").doubleValue());
        TestTokens.admin().when().get(location).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void consentHistoryListsEveryAnswerOldestFirst() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "carl.consent-" + marker + "@export-me.fr";
        String leadId = submit(email, false, "v1-" + marker, "consent-1-" + marker);
        submit(email, true, "v2-" + marker, "consent-2-" + marker);
        submit(email, false, "v3-" + marker, "consent-3-" + marker);

        JsonPath history = TestTokens.admin().queryParam("email", email.toUpperCase())
                .when().get("/api/v1/privacy/consents").then().statusCode(200).extract().jsonPath();

        assertThat(history.getString("email")).isEqualTo(email);
        assertThat(history.getString("leadId")).isEqualTo(leadId);
        assertThat(history.getList("consents.status")).containsExactly("refused", "granted", "withdrawn");
        assertThat(history.getList("consents.textVersion")).containsExactly("v1-" + marker, "v2-" + marker,
                "v3-" + marker);
        assertThat(history.getList("consents.purpose")).containsOnly("marketing");
        assertThat(history.getList("consents.channel")).doesNotContainNull();
        assertThat(history.getList("consents.source")).doesNotContainNull();
        List<String> times = history.getList("consents.recordedAt");
        assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(a).compareTo(Instant.parse(b)));
    }

    @Test
    void badRequestsAreProblemDocumentsNamingTheField() {
        TestTokens.admin().contentType(ContentType.JSON).body("{}").when().post("/api/v1/privacy/exports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("email"));
        TestTokens.admin().contentType(ContentType.JSON)
                .body("{\"email\": \"a@b.fr\", \"leadId\": \"" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/privacy/exports").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("leadId"));
        TestTokens.admin().contentType(ContentType.JSON).body("{\"email\": \"not an email\"}")
                .when().post("/api/v1/privacy/exports").then().statusCode(400)
                .body("errors[0].field", equalTo("email"))
                .body("errors[0].message", equalTo("is not a valid email address"));
        TestTokens.admin().contentType(ContentType.JSON).body("{\"leadId\": \"nope\", \"extra\": 1}")
                .when().post("/api/v1/privacy/exports").then().statusCode(400)
                .contentType("application/problem+json");
        TestTokens.admin().contentType(ContentType.JSON)
                .body("{\"email\": \"" + "a".repeat(5000) + "@b.fr\"}").when().post("/api/v1/privacy/exports")
                .then().statusCode(413).contentType("application/problem+json");
        TestTokens.admin().contentType(ContentType.JSON).body("{\"leadId\": \"" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/privacy/exports").then().statusCode(404)
                .contentType("application/problem+json");
        TestTokens.admin().when().get("/api/v1/privacy/exports/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        TestTokens.admin().when().get("/api/v1/privacy/exports/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
        TestTokens.admin().when().get("/api/v1/privacy/consents").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("email"))
                .body("errors[0].message", equalTo("is required"));
        TestTokens.admin().queryParam("email", "nope").when().get("/api/v1/privacy/consents").then()
                .statusCode(400).body("errors[0].field", equalTo("email"));
        // Who may ask: nobody without a token, no other role.
        given().contentType(ContentType.JSON).body("{\"email\": \"a@b.fr\"}").when()
                .post("/api/v1/privacy/exports").then().statusCode(401).contentType("application/problem+json");
        TestTokens.as(io.leadflow.support.security.Roles.REP).contentType(ContentType.JSON)
                .body("{\"email\": \"a@b.fr\"}").when().post("/api/v1/privacy/exports").then().statusCode(403)
                .contentType("application/problem+json");
        TestTokens.as(io.leadflow.support.security.Roles.REP).queryParam("email", "a@b.fr").when()
                .get("/api/v1/privacy/consents").then().statusCode(403).contentType("application/problem+json");
    }

    static String part(String exportId, String service, Map<String, Object> data) {
        return EventJson.write(new ExportContributed(UUID.fromString(exportId), service, Instant.now(), data));
    }

    static void awaitStatus(String location, String service, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> status
                .equals(TestTokens.admin().when().get(location).then().extract().jsonPath()
                        .getString("services.find { it.service == '" + service + "' }.status")));
    }

    static double purged(String kind) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_privacy_purged_total{kind=\"" + kind + "\"");
    }
}
