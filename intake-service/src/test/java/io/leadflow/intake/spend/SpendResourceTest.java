package io.leadflow.intake.spend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.leadflow.intake.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Marketing spend through the admin endpoint, with the real database: the test profile's spend file is applied at
 * start-up, an admin replaces a month, this month's spend becomes {@code leadflow_marketing_spend}, and every invalid
 * field is named in a problem document.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class SpendResourceTest {

    static final String SPEND = "leadflow_marketing_spend{campaign=\"";

    @Test
    void theSpendFileIsAppliedAtStartUp() {
        TestTokens.admin().when().get("/api/v1/admin/spend?month=2019-03").then().statusCode(200)
                .body("month", equalTo("2019-03")).body("entries", hasSize(2))
                .body("entries.find { it.source == 'google_ads' }.campaign", equalTo("brand-search"))
                .body("entries.find { it.source == 'google_ads' }.amount", equalTo(1234.5f))
                .body("entries.find { it.source == 'linkedin' }.currency", equalTo("USD"));
    }

    @Test
    void anAdminReplacesThisMonthsSpendAndTheMetricFollows() {
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        put(month, """
                [{"source": "google_ads", "campaign": "spend-test-brand", "amount": 4200.25, "currency": "EUR"},
                 {"source": "linkedin", "campaign": "spend-test-abm", "amount": 0, "currency": "GBP"}]
                """).statusCode(200).body("month", equalTo(month)).body("entries", hasSize(2));
        TestTokens.admin().when().get("/api/v1/admin/spend").then().statusCode(200).body("month", equalTo(month))
                .body("entries.campaign", hasItems("spend-test-brand", "spend-test-abm"))
                .body("entries.find { it.campaign == 'spend-test-brand' }.amount", equalTo(4200.25f));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(PrometheusText.sum(metrics,
                SPEND + "spend-test-brand\",currency=\"EUR\",source=\"google_ads\"")).isEqualTo(4200.25);
        assertThat(metrics).contains(SPEND + "spend-test-abm\",currency=\"GBP\",source=\"linkedin\"");

        // A month is replaced as a whole: the campaign left out leaves the metric.
        put(month, "[{\"source\": \"google_ads\", \"campaign\": \"spend-test-brand\", \"amount\": 5000, "
                + "\"currency\": \"EUR\"}]").statusCode(200);
        metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(PrometheusText.sum(metrics,
                SPEND + "spend-test-brand\",currency=\"EUR\",source=\"google_ads\"")).isEqualTo(5000.0);
        assertThat(metrics).doesNotContain("spend-test-abm");

        // Another month is stored, not shown as this month's.
        put("2020-02", "[{\"source\": \"webinar\", \"campaign\": \"spend-test-past\", \"amount\": 10, "
                + "\"currency\": \"JPY\"}]").statusCode(200);
        TestTokens.admin().when().get("/api/v1/admin/spend?month=2020-02").then().statusCode(200)
                .body("entries[0].campaign", equalTo("spend-test-past"));
        assertThat(given().when().get("/q/metrics").asString()).doesNotContain("spend-test-past");
    }

    @Test
    void everyInvalidFieldIsNamed() {
        put("2020-03", """
                [{"source": "google_ads", "campaign": "a", "amount": -1, "currency": "EUR"},
                 {"source": "myspace", "campaign": "%s", "amount": 1.123456, "currency": "EURO"},
                 {"source": "linkedin", "campaign": "b", "amount": "12", "currency": "ZZZ", "extra": 1},
                 {"campaign": "", "currency": "usd"},
                 {"source": "webinar", "campaign": "c", "amount": 1000000000000, "currency": "EUR"},
                 "not an object"]
                """.formatted("x".repeat(65))).statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("[0].amount", "[1].source", "[1].campaign", "[1].amount",
                        "[1].currency", "[2].amount", "[2].currency", "[2].extra", "[3].source", "[3].campaign",
                        "[3].amount", "[3].currency", "[4].amount", "[5]"));
        put("2020-03", """
                [{"source": "website", "campaign": "same", "amount": 1, "currency": "EUR"},
                 {"source": "website", "campaign": "same", "amount": 2, "currency": "EUR"}]
                """).statusCode(400).body("errors[0].field", equalTo("[1].campaign"));
        put("2020-03", "{\"source\": \"website\"}").statusCode(400).body("errors[0].field", equalTo("$"));
        put("2026-13", "[]").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("month"));
        put("november", "[]").statusCode(400).body("errors[0].field", equalTo("month"));
        TestTokens.admin().when().get("/api/v1/admin/spend?month=2026-1").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("month"));
        put("2020-03", "[{\"source\": ").statusCode(400).contentType("application/problem+json");
        put("2020-03", "").statusCode(400).contentType("application/problem+json");
        String huge = "[" + "{\"source\": \"website\", \"campaign\": \"c\", \"amount\": 1, \"currency\": \"EUR\"},"
                .repeat(3000) + "{}]";
        put("2020-03", huge).statusCode(413).contentType("application/problem+json");
        // Nothing of the refused requests was stored.
        TestTokens.admin().when().get("/api/v1/admin/spend?month=2020-03").then().statusCode(200)
                .body("entries", hasSize(0));
    }

    @Test
    void onlyAdminsSeeOrChangeSpend() {
        given().when().get("/api/v1/admin/spend").then().statusCode(401).contentType("application/problem+json");
        TestTokens.as(Roles.OPS).when().get("/api/v1/admin/spend").then().statusCode(403)
                .contentType("application/problem+json");
        TestTokens.as(Roles.REP).contentType(ContentType.JSON).body("[]").when().put("/api/v1/admin/spend/2020-04")
                .then().statusCode(403);
        given().header("X-Api-Key", "leadflow-test-key").contentType(ContentType.JSON).body("[]").when()
                .put("/api/v1/admin/spend/2020-04").then().statusCode(401);
    }

    static ValidatableResponse put(String month, String body) {
        return TestTokens.admin().contentType(ContentType.JSON).body(body).when()
                .put("/api/v1/admin/spend/" + month).then();
    }
}
