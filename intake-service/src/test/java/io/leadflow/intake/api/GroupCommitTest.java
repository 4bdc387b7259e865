package io.leadflow.intake.api;

import static io.leadflow.intake.api.LeadResourceTest.api;
import static io.leadflow.intake.api.LeadResourceTest.lead;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.events.Activity;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Group commit: submissions that come while every transaction of theirs is taken share the next one. The test holds
 * those transactions (another connection locks the consent table they write), sends the others while they wait, then
 * lets them go.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource database;

    @Test
    void submissionsThatComeTogetherCommitTogetherOnePersonIsOneLeadAndAFailingOneFailsAlone() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String reusedKey = "group-" + run;
        api().header("Idempotency-Key", reusedKey).body(lead("first+" + run + "@acme.fr"))
                .when().post("/api/v1/leads").then().statusCode(202);
        String ana = "ana+" + run + "@acme.fr";
        double groupsBefore = metric("leadflow_intake_group_size_count");
        double groupedBefore = metric("leadflow_intake_group_size_sum");
        double splitBefore = metric("leadflow_intake_group_split_total");

        int concurrency = ConfigProvider.getConfig().getValue("leadflow.intake.group-commit.concurrency",
                Integer.class);
        List<CompletableFuture<Response>> held = new ArrayList<>();
        List<CompletableFuture<Response>> together = new ArrayList<>();
        CompletableFuture<Response> reused;
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("lock table consent_record in exclusive mode");
            for (int i = 1; i <= concurrency; i++) {
                held.add(post(lead("held" + i + "+" + run + "@acme.fr"), null));
                int waiting = i;
                Awaitility.await("transaction " + i + " waiting on the lock").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(50)).until(() -> waitingOnALock() >= waiting);
            }
            together.add(post(lead(ana, "quote_request"), null));
            together.add(post(lead(ana, "demo_request"), null));
            together.add(post(lead("bob+" + run + "@acme.fr"), null));
            reused = post(lead("other+" + run + "@acme.fr"), reusedKey);
            Awaitility.await("four submissions waiting for the next group").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> metric("leadflow_intake_group_waiting") == 4);
            holder.rollback();
        }

        for (CompletableFuture<Response> answer : held) {
            assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> answer : together) {
            answers.add(answer.get(30, TimeUnit.SECONDS));
        }
        assertThat(answers).extracting(Response::statusCode).containsOnly(202);
        // The same person twice in one group (in whichever order they came): one lead, the later submission a form
        // submitted by a known lead.
        assertThat(answers.get(1).jsonPath().getString("leadId")).isEqualTo(answers.get(0).jsonPath()
                .getString("leadId"));
        assertThat(List.of(answers.get(0).jsonPath().getBoolean("knownLead"),
                answers.get(1).jsonPath().getBoolean("knownLead"))).containsExactlyInAnyOrder(false, true);
        FormType later = answers.get(0).jsonPath().getBoolean("knownLead") ? FormType.QUOTE_REQUEST
                : FormType.DEMO_REQUEST;
        assertThat(answers.get(2).jsonPath().getString("leadId")).isNotEqualTo(answers.get(0).jsonPath()
                .getString("leadId"));
        // The key used before with another body fails its group, which is tried again one by one: it fails alone.
        assertThat(reused.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(422);
        assertThat(metric("leadflow_intake_group_size_count") - groupsBefore).isEqualTo(concurrency + 1);
        assertThat(metric("leadflow_intake_group_size_sum") - groupedBefore).isEqualTo(concurrency + 4);
        assertThat(metric("leadflow_intake_group_split_total") - splitBefore).isEqualTo(1);

        String anaId = answers.get(0).jsonPath().getString("leadId");
        LeadEngagement again = Topic.of(Topics.ENGAGEMENT).awaitEvent(UUID.fromString(anaId), LeadEngagement.class,
                e -> e.activity() == Activity.FORM_SUBMITTED);
        assertThat(again.formType()).isEqualTo(later);
        assertThat(Topic.of(Topics.RECEIVED).awaitExactly(1, r -> anaId.equals(r.key()), Duration.ofSeconds(2)))
                .as("one lead.received.v1 for the person").hasSize(1);
        assertThat(count("select count(*) from lead_identity where email = '" + ana + "'")).isEqualTo(1);
        assertThat(count("select count(*) from lead_identity where email = 'other+" + run + "@acme.fr'"))
                .as("the failed submission left nothing").isZero();
    }

    private static CompletableFuture<Response> post(String body, String idempotencyKey) {
        return CompletableFuture.supplyAsync(() -> {
            var request = api().body(body);
            if (idempotencyKey != null) {
                request = request.header("Idempotency-Key", idempotencyKey);
            }
            return request.when().post("/api/v1/leads").then().extract().response();
        });
    }

    private int waitingOnALock() throws SQLException {
        return (int) count("select count(*) from pg_locks where not granted");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static double metric(String series) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                series);
    }
}
