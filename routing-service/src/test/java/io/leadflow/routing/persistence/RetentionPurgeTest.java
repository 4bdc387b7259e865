package io.leadflow.routing.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.leadflow.routing.testing.Sql;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;

/**
 * Routing forgets a lead with nothing open and nothing new for its retention (24 months by default), and keeps a
 * recent lead and a lead still open however old. Rows are written with old times instead of moving the clock, which
 * only goes forward and is shared with the other tests.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RetentionPurgeTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    RetentionPurge purge;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    Sql sql;

    @Test
    void forgetsLeadsInactiveForTheirRetentionAndKeepsRecentAndOpenOnes() throws SQLException {
        Instant now = clock.instant();
        Instant old = now.minus(Duration.ofDays(731));
        UUID inactive = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID stillOpen = UUID.randomUUID();
        String rep = sql.string("select id from rep order by id limit 1");
        lead(inactive, rep, old, true);
        lead(recent, rep, now.minus(Duration.ofDays(30)), true);
        lead(stillOpen, rep, old, false);
        String oldEvent = "retention-" + UUID.randomUUID();
        String newEvent = "retention-" + UUID.randomUUID();
        sql.execute("insert into processed_event (consumer, event_id, processed_at) values ('retention-test', '"
                + oldEvent + "', " + at(now.minus(Duration.ofDays(91))) + "), ('retention-test', '" + newEvent + "', "
                + at(now.minus(Duration.ofDays(89))) + ")");
        double before = purgedMetric("inactive_leads");

        Map<String, Integer> purged = VertxContexts.await(vertx, purge::purge, WAIT);

        assertThat(purged.get("inactive_leads")).isGreaterThanOrEqualTo(1);
        assertThat(rowsAbout(inactive)).as("everything routing held about the inactive lead").isZero();
        assertThat(rowsAbout(recent)).as("a lead active 30 days ago").isEqualTo(5);
        assertThat(rowsAbout(stillOpen)).as("a lead whose accepted assignment is still open").isEqualTo(5);
        assertThat(sql.count("select count(*) from processed_event where event_id = '" + oldEvent + "'")).isZero();
        assertThat(sql.count("select count(*) from processed_event where event_id = '" + newEvent + "'")).isEqualTo(1);
        assertThat(purgedMetric("inactive_leads") - before).isEqualTo(purged.get("inactive_leads").doubleValue());
        assertThat(purgedMetric("processed_events")).isGreaterThanOrEqualTo(1);
    }

    /** A lead routed, accepted (and, if {@code closed}, converted), decided and given a done task at {@code when}. */
    void lead(UUID lead, String rep, Instant when, boolean closed) throws SQLException {
        String at = at(when);
        String summary = "'{\"firstName\":\"Ada\",\"email\":\"ada-" + lead + "@retention.fr\"}'";
        sql.execute("insert into known_lead (lead_id, lead_summary, score, temperature, updated_at) values ('" + lead
                + "', " + summary + ", 80, 'HOT', " + at + ")");
        sql.execute("insert into routed_lead (lead_id, state, facts, lead_summary, score, temperature, reasons, "
                + "received_at, updated_at) values ('" + lead + "', 'ACCEPTED', '{}', " + summary + ", 80, 'HOT', "
                + "'[]', " + at + ", " + at + ")");
        sql.execute("insert into assignment (id, lead_id, rep_id, status, lead_summary, score, temperature, reasons, "
                + "received_at, assigned_at, accept_by, accepted_at, outcome, closed_at) values ('" + UUID.randomUUID()
                + "', '" + lead + "', '" + rep + "', 'ACCEPTED', " + summary + ", 80, 'HOT', '[]', " + at + ", " + at
                + ", " + at + ", " + at + ", " + (closed ? "'CONVERTED', " + at : "null, null") + ")");
        sql.execute("insert into routing_decision (lead_id, decided_at, trigger, result, skipped) values ('" + lead
                + "', " + at + ", 'SCORED', 'ASSIGNED', '[]')");
        sql.execute("insert into rep_task (id, lead_id, rep_id, channel, note, created_at, done_at) values ('"
                + UUID.randomUUID() + "', '" + lead + "', '" + rep + "', 'CALL', 'call Ada', " + at + ", " + at + ")");
    }

    long rowsAbout(UUID lead) throws SQLException {
        long rows = 0;
        for (String table : new String[] { "known_lead", "routed_lead", "assignment", "routing_decision",
                "rep_task" }) {
            rows += sql.count("select count(*) from " + table + " where lead_id = '" + lead + "'");
        }
        return rows;
    }

    static String at(Instant instant) {
        return "timestamptz '" + instant + "'";
    }

    double purgedMetric(String kind) {
        return PrometheusText.sum(RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString(), "leadflow_privacy_purged_total{kind=\"" + kind + "\"");
    }

}
