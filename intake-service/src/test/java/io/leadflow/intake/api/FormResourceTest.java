package io.leadflow.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class FormResourceTest {

    static final String ORIGIN = "https://www.example.com";

    static RequestSpecification browser(String email) {
        return given().redirects().follow(false)
                .header("Origin", ORIGIN).header("Referer", ORIGIN + "/demo?utm_source=newsletter")
                .header("Accept", "text/html,application/xhtml+xml")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("form_key", "pk_test_demo_form")
                .formParam("email", email).formParam("first_name", "Élodie").formParam("last_name", "Roux")
                .formParam("societe", "Roux & Fils").formParam("job_title", "Gérante").formParam("country", "FR")
                .formParam("marketing_consent", "on").formParam("utm_source", "newsletter")
                .formParam("utm_medium", "email").formParam("hp_website", "")
                .formParam("_rendered_at", String.valueOf(System.currentTimeMillis() - 20_000));
    }

    @Test
    void aPersonsFormBecomesALeadAndTheyAreThanked() {
        String email = "elodie.roux+" + UUID.randomUUID() + "@roux-fils.fr";

        browser(email).when().post("/api/v1/forms/demo")
                .then().statusCode(303).header("Location", "https://www.example.com/merci");

        LeadReceived received = EventJson.read(Topic.of(Topics.RECEIVED).await(r -> r.value().contains(email))
                .value(), LeadReceived.class);
        assertThat(received.formType()).isEqualTo(FormType.DEMO_REQUEST);
        assertThat(received.lead().company().name()).isEqualTo("Roux & Fils");
        assertThat(received.lead().contact().firstName()).isEqualTo("Élodie");
        assertThat(received.lead().campaign()).isEqualTo("spring");
        assertThat(received.lead().utm().source()).isEqualTo("newsletter");
        assertThat(received.lead().utm().referrer()).isEqualTo(ORIGIN + "/demo?utm_source=newsletter");
        assertThat(received.lead().consent().marketing()).isTrue();
        assertThat(received.lead().consent().textVersion()).isEqualTo("2026-03");
        assertThat(received.lead().consent().channel()).isEqualTo("form");
    }

    @Test
    void botsAreThankedAndIgnored() {
        String honeypot = "bot1+" + UUID.randomUUID() + "@spam.io";
        String hasty = "bot2+" + UUID.randomUUID() + "@spam.io";

        browser(honeypot).formParam("hp_website", "http://cheap-pills.example").when().post("/api/v1/forms/demo")
                .then().statusCode(303).header("Location", "https://www.example.com/merci");
        given().redirects().follow(false).header("Origin", ORIGIN)
                .contentType("application/x-www-form-urlencoded").formParam("form_key", "pk_test_demo_form")
                .formParam("email", hasty).formParam("country", "FR")
                .formParam("_rendered_at", String.valueOf(System.currentTimeMillis()))
                .when().post("/api/v1/forms/demo")
                .then().statusCode(303);

        String witness = "witness+" + UUID.randomUUID() + "@roux-fils.fr";
        browser(witness).when().post("/api/v1/forms/demo").then().statusCode(303);
        Topic.of(Topics.RECEIVED).await(r -> r.value().contains(witness));
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(0,
                r -> r.value().contains(honeypot) || r.value().contains(hasty), Duration.ofSeconds(2))).isEmpty();
        given().when().get("/q/metrics").then()
                .body(containsString("leadflow_intake_spam_dropped_total{reason=\"honeypot\"}"))
                .body(containsString("leadflow_intake_spam_dropped_total{reason=\"too_fast\"}"));
    }

    @Test
    void onlyTheFormsOwnPagesWithItsKeyMayPostIt() {
        given().redirects().follow(false).header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded").formParam("form_key", "pk_test_demo_form")
                .formParam("email", "x@y.io").when().post("/api/v1/forms/demo")
                .then().statusCode(403).contentType("application/problem+json");
        given().redirects().follow(false).header("Origin", ORIGIN)
                .contentType("application/x-www-form-urlencoded").formParam("email", "x@y.io")
                .when().post("/api/v1/forms/demo")
                .then().statusCode(403).contentType("application/problem+json");
        given().redirects().follow(false).header("Origin", ORIGIN)
                .contentType("application/x-www-form-urlencoded").formParam("email", "x@y.io")
                .when().post("/api/v1/forms/nope")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPersonIsShownWhatToFixAndAScriptGetsAProblem() {
        browser("not-an-email").when().post("/api/v1/forms/demo")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("Email")).body(containsString("is not a valid email address"))
                .body(not(containsString("<script")));
        browser("<script>alert(1)</script>").header("Accept", "application/json")
                .when().post("/api/v1/forms/demo")
                .then().statusCode(400).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", ORIGIN);
    }

    @Test
    void scriptsOnAllowedPagesPassThePreflightAndGetJson() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/forms/demo")
                .then().statusCode(204).header("Access-Control-Allow-Origin", ORIGIN);
        given().header("Origin", "https://evil.example").when().options("/api/v1/forms/demo")
                .then().statusCode(403);

        browser("script+" + UUID.randomUUID() + "@roux-fils.fr").header("Accept", "application/json")
                .when().post("/api/v1/forms/demo")
                .then().statusCode(202).header("Access-Control-Allow-Origin", ORIGIN)
                .body("status", equalTo("accepted"));
    }
}
