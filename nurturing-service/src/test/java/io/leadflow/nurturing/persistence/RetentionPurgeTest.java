package io.leadflow.nurturing.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.leadflow.nurturing.testing.Database;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;

/**
 * Nurturing forgets finished enrollments, their touches and the snapshots of leads no longer enrolled once their
 * retention passed, blanks old plain addresses on the suppression list but keeps their hashes, and keeps what is
 * recent or still running. Rows are written with old times; the clock is not moved.
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

    @Test
    void forgetsFinishedEnrollmentsAndUnenrolledLeadsAfterTheirRetentionKeepsSuppressionHashes() throws SQLException {
        Instant now = clock.instant();
        Instant old = now.minus(Duration.ofDays(731));
        Instant recent = now.minus(Duration.ofDays(30));
        UUID gone = UUID.randomUUID();
        UUID finishedRecently = UUID.randomUUID();
        UUID stillEnrolled = UUID.randomUUID();
        enrolled(gone, "EXITED", old);
        enrolled(finishedRecently, "COMPLETED", recent);
        enrolled(stillEnrolled, "ACTIVE", old);
        UUID suppressedLongAgo = UUID.randomUUID();
        UUID suppressedLately = UUID.randomUUID();
        suppressed(suppressedLongAgo, old);
        suppressed(suppressedLately, recent);
        String oldEvent = "retention-" + UUID.randomUUID();
        Database.update("insert into processed_event (consumer, event_id, processed_at) values ('retention-test', '"
                + oldEvent + "', " + at(now.minus(Duration.ofDays(91))) + ")");
        double enrollmentsBefore = purgedMetric("finished_enrollments");
        double snapshotsBefore = purgedMetric("lead_snapshots");

        Map<String, Integer> purged = VertxContexts.await(vertx, purge::purge, WAIT);

        assertThat(purged.get("finished_enrollments")).isGreaterThanOrEqualTo(1);
        assertThat(rowsAbout(gone)).as("enrollment, touches and snapshot of a lead that left 24 months ago").isZero();
        assertThat(rowsAbout(finishedRecently)).as("a lead that completed 30 days ago").isEqualTo(3);
        assertThat(rowsAbout(stillEnrolled)).as("a lead still enrolled").isEqualTo(3);
        assertThat(Database.queryString("select coalesce(email, 'none') || ' ' || email_sha256 from suppression "
                + "where lead_id = ?", suppressedLongAgo)).as("the old entry keeps only the hash")
                .isEqualTo("none " + Suppression.sha256(address(suppressedLongAgo)));
        assertThat(Database.queryString("select email from suppression where lead_id = ?", suppressedLately))
                .isEqualTo(address(suppressedLately));
        assertThat(Database.queryString("select count(*) from processed_event where event_id = ?", oldEvent))
                .isEqualTo("0");
        assertThat(purgedMetric("finished_enrollments") - enrollmentsBefore)
                .isEqualTo(purged.get("finished_enrollments").doubleValue());
        assertThat(purgedMetric("lead_snapshots") - snapshotsBefore)
                .isEqualTo(purged.get("lead_snapshots").doubleValue()).isGreaterThanOrEqualTo(1);
    }

    /** A snapshot, an enrollment in {@code status} and one sent touch, all last changed at {@code when}. */
    void enrolled(UUID lead, String status, Instant when) throws SQLException {
        String at = at(when);
        Database.update("insert into nurture_lead (lead_id, email, first_name, updated_at) values (?, ?, 'Ada', "
                + at + ")", lead, address(lead));
        UUID enrollment = UUID.randomUUID();
        Database.update("insert into enrollment (id, lead_id, sequence_id, status, email, language, time_zone, "
                + "enrolled_at, exited_at, completed_at) values (?, ?, 'default', ?, ?, 'en', 'UTC', " + at + ", "
                + ("EXITED".equals(status) ? at : "null") + ", " + ("COMPLETED".equals(status) ? at : "null") + ")",
                enrollment, lead, status, address(lead));
        Database.update("insert into scheduled_touch (id, enrollment_id, step, channel, template, due_at, status, "
                + "sent_at) values (?, ?, 1, 'EMAIL', 'welcome', " + at + ", 'SENT', " + at + ")", UUID.randomUUID(),
                enrollment);
    }

    void suppressed(UUID lead, Instant when) throws SQLException {
        Database.update("insert into suppression (lead_id, email, email_sha256, reason, created_at) values (?, ?, ?, "
                + "'UNSUBSCRIBED', " + at(when) + ")", lead, address(lead), Suppression.sha256(address(lead)));
    }

    long rowsAbout(UUID lead) throws SQLException {
        return Long.parseLong(Database.queryString("select (select count(*) from nurture_lead where lead_id = ?) "
                + "+ (select count(*) from enrollment where lead_id = ?) + (select count(*) from scheduled_touch t "
                + "join enrollment e on e.id = t.enrollment_id where e.lead_id = ?)", lead, lead, lead));
    }

    static String address(UUID lead) {
        return "ada-" + lead + "@retention.fr";
    }

    static String at(Instant instant) {
        return "timestamptz '" + instant + "'";
    }

    double purgedMetric(String kind) {
        return PrometheusText.sum(RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString(), "leadflow_privacy_purged_total{kind=\"" + kind + "\"");
    }
}
