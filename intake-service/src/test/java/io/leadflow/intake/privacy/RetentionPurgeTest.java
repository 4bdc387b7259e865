package io.leadflow.intake.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.intake.TestClock;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.core.Vertx;

/** What intake keeps expires by kind once its retention passed: the clock is moved, nothing waits. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RetentionPurgeTest {

    @Inject
    TestClock clock;

    @Inject
    RetentionPurge purge;

    @Inject
    Vertx vertx;

    @Inject
    AgroalDataSource database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void dormantPeopleAndOldIdempotencyAnswersGoConsentStaysAsAnonymousProof() throws SQLException {
        String email = "dormant-" + UUID.randomUUID() + "@retention.fr";
        String body = """
                {"email": "%s", "lastName": "Dormant", "country": "FR", "formType": "newsletter",
                 "marketingConsent": true}""".formatted(email);
        String leadId = given().header("X-Api-Key", "leadflow-test-key").header("Idempotency-Key", "r-" + email)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/leads")
                .then().statusCode(202).extract().path("leadId");
        double before = purged("dormant_identities");

        clock.advance(Duration.ofDays(8));
        Map<String, Integer> first = VertxContexts.await(vertx.getDelegate(), purge::purge, Duration.ofSeconds(60));
        assertThat(first.get("idempotency_keys")).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from idempotency_key where key = 'r-" + email + "'")).isZero();
        assertThat(count("select count(*) from lead_identity where email = '" + email + "'"))
                .as("a person seen 8 days ago stays").isEqualTo(1);

        clock.advance(Duration.ofDays(730));
        Map<String, Integer> second = VertxContexts.await(vertx.getDelegate(), purge::purge, Duration.ofSeconds(60));
        assertThat(second.get("dormant_identities")).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from lead_identity where email = '" + email + "'")).isZero();
        assertThat(count("select count(*) from consent_record where lead_id = '" + leadId + "'")).isZero();
        assertThat(count("select count(*) from consent_record where email_sha256 = '" + Erasures.sha256(email)
                + "' and ip is null and erased_at is not null")).isEqualTo(1);
        assertThat(purged("dormant_identities") - before).isEqualTo(second.get("dormant_identities").doubleValue());
    }

    double purged(String kind) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                "leadflow_privacy_purged_total{kind=\"" + kind + "\"");
    }

    long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); ResultSet rs = connection.createStatement()
                .executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
