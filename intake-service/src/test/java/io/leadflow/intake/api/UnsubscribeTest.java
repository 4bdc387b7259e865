package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.Topics;
import io.leadflow.intake.TestTokens;
import io.leadflow.support.tracking.TrackingTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class UnsubscribeTest {

    static String unsubscribeToken(String leadId) {
        return EngagementResourceTest.TOKENS.sign(new TrackingTokens.Claims(UUID.fromString(leadId), "unsubscribe",
                null, "touch-9", null));
    }

    @Test
    void followingTheLinkOnlyAsksForConfirmation() {
        String leadId = EngagementResourceTest.knownLead("scanned+" + UUID.randomUUID() + "@acme.fr");
        String token = unsubscribeToken(leadId);

        given().when().get("/t/u/{token}", token)
                .then().statusCode(200).contentType("text/html")
                .body(containsString("<form method=\"post\" action=\"/t/u/" + token + "\""));

        assertThat(Topic.of(Topics.ENGAGEMENT).awaitExactly(0, r -> leadId.equals(r.key())
                && r.value().contains("unsubscribed"), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aOneClickPostUnsubscribesThroughAnEngagementEvent() {
        String leadId = EngagementResourceTest.knownLead("oneclick+" + UUID.randomUUID() + "@acme.fr");

        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .when().post("/t/u/{token}", unsubscribeToken(leadId))
                .then().statusCode(200).contentType("text/html").body(containsString("unsubscribed"));

        LeadEngagement unsubscribed = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(leadId),
                LeadEngagement.class, e -> e.activity() == Activity.UNSUBSCRIBED);
        assertThat(unsubscribed.details()).containsEntry("touchId", "touch-9");
    }

    @Test
    void anUnsubscribeIsAWithdrawalInThePersonsConsentHistory() {
        String email = "history+" + UUID.randomUUID() + "@acme.fr";
        String leadId = EngagementResourceTest.knownLead(email);

        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .when().post("/t/u/{token}", unsubscribeToken(leadId)).then().statusCode(200);

        JsonPath history = TestTokens.admin().queryParam("email", email).when().get("/api/v1/privacy/consents")
                .then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("consents.status")).as("the form's answer, then the unsubscribe")
                .containsExactly("granted", "withdrawn");
        assertThat(history.getString("consents[1].channel")).isEqualTo("unsubscribe");
        assertThat(history.getString("consents[1].source")).isEqualTo("unsubscribe-link");
    }

    @Test
    void aForgedOrForeignTokenUnsubscribesNobody() {
        String leadId = EngagementResourceTest.knownLead("forged+" + UUID.randomUUID() + "@acme.fr");
        String openToken = EngagementResourceTest.TOKENS.sign(new TrackingTokens.Claims(UUID.fromString(leadId),
                "open", null, "touch-1", null));
        String expired = EngagementResourceTest.TOKENS.sign(new TrackingTokens.Claims(UUID.fromString(leadId),
                "unsubscribe", null, "touch-1", Instant.parse("2020-01-01T00:00:00Z")));

        given().when().post("/t/u/{token}", openToken).then().statusCode(404).contentType("application/problem+json");
        given().when().post("/t/u/{token}", expired).then().statusCode(404).contentType("application/problem+json");
        given().when().post("/t/u/{token}", "forged.token").then().statusCode(404);
        given().when().get("/t/u/{token}", "forged.token").then().statusCode(404)
                .contentType("application/problem+json");

        assertThat(Topic.of(Topics.ENGAGEMENT).awaitExactly(0, r -> leadId.equals(r.key())
                && r.value().contains("unsubscribed"), Duration.ofSeconds(2))).isEmpty();
    }
}
