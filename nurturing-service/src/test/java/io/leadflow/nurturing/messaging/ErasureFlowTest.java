package io.leadflow.nurturing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Company;
import io.leadflow.events.Contact;
import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.persistence.Suppression;
import io.leadflow.nurturing.testing.Database;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An erasure request on the real broker removes the person from nurturing's database (snapshot, enrollment, touches,
 * the sent one included), keeps only the hash of the address on the suppression list, and is confirmed; the same
 * address scored again later is never emailed.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class ErasureFlowTest {

    static final Instant MONDAY_MORNING_PARIS = Instant.parse("2026-11-30T09:30:00Z");

    @Inject
    TestClock clock;

    @BeforeEach
    void onASaturday() {
        clock.set(TestClock.SATURDAY_NOON);
    }

    static LeadScored person(String email, String firstName, String lastName) {
        return Leads.scored(Temperature.COLD, new Contact(email, firstName, lastName, null, "Directrice"),
                new Company("Erasable Corp", "https://erasable.example"), "FR", "fr", "Europe/Paris", true, null);
    }

    static JsonPath enrollment(UUID leadId) {
        return TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", leadId).then().statusCode(200).extract()
                .jsonPath();
    }

    static void enrolled(LeadScored lead) {
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        Topic.of(Topics.NURTURE).awaitEvent(lead.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.ENROLLED);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestTokens.as(Roles.OPS)
                .get("/api/v1/leads/{id}/enrollment", lead.leadId()).statusCode() == 200);
    }

    static void awaitFirstTouch(UUID leadId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(enrollment(leadId).getString("touches[0].status")));
    }

    @Test
    void erasureLeavesOnlyAHashAndTheAddressIsNeverEmailedAgain() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "zoe." + marker + "@erasable.example";
        String firstName = "Zoé" + marker;
        String lastName = "Erasmus" + marker;
        LeadScored lead = person(email, firstName, lastName);
        enrolled(lead);
        clock.set(MONDAY_MORNING_PARIS);
        awaitFirstTouch(lead.leadId(), "sent");
        assertThat(SendingFlowTest.messagesTo(email)).hasSize(1);
        assertThat(Database.rowsMentioning(List.of(email, firstName, lastName))).isNotEmpty();

        UUID requestId = UUID.randomUUID();
        String hash = Suppression.sha256(email);
        ErasureRequested request = new ErasureRequested(requestId, lead.leadId(), hash, Instant.now());
        Topic privacy = Topic.of(Topics.PRIVACY);
        privacy.publishRaw(lead.leadId().toString(), EventJson.write(request), UUID.randomUUID().toString(),
                "lead.erasure.requested.v1");

        ConsumerRecord<String, String> confirmed = privacy.await(
                r -> "lead.erasure.completed.v1".equals(Topic.header(r, "ce_type"))
                        && EventJson.read(r.value(), ErasureCompleted.class).requestId().equals(requestId)
                        && "nurturing-service".equals(EventJson.read(r.value(), ErasureCompleted.class).service()));
        assertThat(EventJson.read(confirmed.value(), ErasureCompleted.class).leadId()).isEqualTo(lead.leadId());

        assertThat(Database.rowsMentioning(List.of(email, firstName, lastName)))
                .as("rows of nurturing's tables naming the person").isEmpty();
        TestTokens.as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", lead.leadId()).then().statusCode(404);
        assertThat(Database.queryString("select email_sha256 from suppression where lead_id = ?", lead.leadId()))
                .isEqualTo(hash);

        // The same person submits again later: a new lead, scored and enrolled, whose email is never sent.
        LeadScored again = person(email.toUpperCase(java.util.Locale.ROOT), "Zoé", "Again");
        enrolled(again);
        awaitFirstTouch(again.leadId(), "skipped");
        assertThat(enrollment(again.leadId()).getString("touches[0].lastError")).startsWith("suppressed");
        assertThat(SendingFlowTest.messagesTo(email)).as("only the email sent before the erasure").hasSize(1);
        assertThat(SendingFlowTest.messagesTo(email.toUpperCase(java.util.Locale.ROOT))).isEmpty();
    }
}
