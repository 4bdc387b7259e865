package io.leadflow.scoring.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestClock;
import io.leadflow.scoring.TestLeads;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.core.Vertx;

/** Dormant, never-converted leads go once their retention passed (clock moved, no waiting); converted ones stay. */
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
    void purgesDormantUnconvertedLeadsAfterTheirRetentionAndCountsThem() throws SQLException {
        LeadReceived dormant = TestLeads.received("dormant-" + UUID.randomUUID() + "@retention.fr", null,
                FormType.NEWSLETTER);
        LeadReceived converted = TestLeads.received("converted-" + UUID.randomUUID() + "@retention.fr", null,
                FormType.DEMO_REQUEST);
        for (LeadReceived lead : new LeadReceived[] { dormant, converted }) {
            Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
            Topic.of(Topics.SCORED).awaitEvent(lead.leadId(), LeadScored.class, s -> true);
        }
        // The scored event leaves just before scoring's transaction commits: wait for the row, not the event.
        Awaitility.await("the converted lead's score stored").atMost(Duration.ofSeconds(30))
                .until(() -> execute("update lead_score set stage = 'SQL' where lead_id = '" + converted.leadId()
                        + "'") == 1);
        double before = purgedMetric("unconverted_leads");

        clock.advance(Duration.ofDays(700));
        VertxContexts.await(vertx.getDelegate(), purge::purge, Duration.ofSeconds(60));
        assertThat(rows(dormant.leadId())).as("within 24 months nothing goes").isEqualTo(1);

        clock.advance(Duration.ofDays(31));
        Map<String, Integer> purged = VertxContexts.await(vertx.getDelegate(), purge::purge, Duration.ofSeconds(60));
        assertThat(purged.get("unconverted_leads")).isGreaterThanOrEqualTo(1);
        assertThat(rows(dormant.leadId())).isZero();
        assertThat(count("select count(*) from score_contribution where lead_id = '" + dormant.leadId() + "'"))
                .isZero();
        assertThat(rows(converted.leadId())).as("a converted lead is kept").isEqualTo(1);
        assertThat(purgedMetric("unconverted_leads") - before).isEqualTo(purged.get("unconverted_leads").doubleValue());
    }

    double purgedMetric(String kind) {
        return PrometheusText.sum(RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString(), "leadflow_privacy_purged_total{kind=\"" + kind + "\"");
    }

    long rows(UUID leadId) throws SQLException {
        return count("select count(*) from lead_score where lead_id = '" + leadId + "'");
    }

    long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); ResultSet rs = connection.createStatement()
                .executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return connection.createStatement().executeUpdate(sql);
        }
    }
}
