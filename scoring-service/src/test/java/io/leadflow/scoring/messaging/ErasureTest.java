package io.leadflow.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventJson;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.TestTokens;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** An erasure request on the real broker removes every trace of the person from scoring's database, and is confirmed. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ErasureTest {

    @Inject
    AgroalDataSource database;

    static LeadReceived person(String email, String firstName, String lastName, String phone) {
        Instant now = Instant.now();
        return new LeadReceived(UUID.randomUUID(), new LeadProfile(
                new Contact(email, firstName, lastName, phone, "Directrice commerciale"),
                new Company("Erasable Corp", "https://erasable-corp.fr"), "FR", "fr", "Europe/Paris", "website", null,
                null, new Consent(true, null, now, "api"), now), FormType.DEMO_REQUEST,
                Map.of("budget", "yes, " + lastName + " signs"));
    }

    @Test
    void erasureDeletesEveryTraceAndIsConfirmedOnceEvenWhenRedelivered() throws SQLException {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "zoe." + marker + "@erasable-corp.fr";
        String firstName = "Zoé" + marker;
        String lastName = "Erasmus" + marker;
        String phone = "+3361" + String.valueOf(Math.abs(marker.hashCode())).substring(0, 7);
        LeadReceived lead = person(email, firstName, lastName, phone);
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        Topic.of(Topics.SCORED).awaitEvent(lead.leadId(), LeadScored.class, s -> true);
        assertThat(rowsMentioning(List.of(email, firstName, lastName, phone))).isNotEmpty();

        UUID requestId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(requestId, lead.leadId(), "0".repeat(64), Instant.now());
        String eventId = UUID.randomUUID().toString();
        Topic privacy = Topic.of(Topics.PRIVACY);
        privacy.publishRaw(lead.leadId().toString(), EventJson.write(request), eventId, "lead.erasure.requested.v1");
        privacy.publishRaw(lead.leadId().toString(), EventJson.write(request), eventId, "lead.erasure.requested.v1");

        List<ConsumerRecord<String, String>> confirmed = privacy.awaitExactly(1,
                r -> "lead.erasure.completed.v1".equals(Topic.header(r, "ce_type"))
                        && EventJson.read(r.value(), ErasureCompleted.class).requestId().equals(requestId),
                java.time.Duration.ofSeconds(2));
        assertThat(confirmed).hasSize(1);
        ErasureCompleted completion = EventJson.read(confirmed.get(0).value(), ErasureCompleted.class);
        assertThat(completion.service()).isEqualTo("scoring-service");
        assertThat(completion.leadId()).isEqualTo(lead.leadId());

        assertThat(rowsMentioning(List.of(email, firstName, lastName, phone, lead.leadId().toString())))
                .as("rows of scoring's tables naming the person").isEmpty();
        TestTokens.admin().when().get("/api/v1/leads/{id}/score", lead.leadId()).then().statusCode(404);

        // The lead's received event delivered again after the erasure (another topic, a replay) scores nothing.
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        LeadReceived after = person("after." + marker + "@erasable-corp.fr", "After", "Lead", null);
        Topic.of(Topics.RECEIVED).publish(after.leadId(), after);
        Topic.of(Topics.SCORED).awaitEvent(after.leadId(), LeadScored.class, s -> true);
        assertThat(rowsMentioning(List.of(email, firstName, lastName, phone))).isEmpty();
    }

    /** Every row, of every table of scoring's schema, whose text contains one of the needles (erased_lead aside). */
    List<String> rowsMentioning(List<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' "
                            + "and table_type = 'BASE TABLE' and table_name not in ('erased_lead', "
                            + "'flyway_schema_history')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                for (String needle : needles) {
                    var query = connection.prepareStatement("select t::text from " + table
                            + " t where t::text ilike ?");
                    query.setString(1, "%" + needle + "%");
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            found.add(table + ": " + rs.getString(1));
                        }
                    }
                }
            }
        }
        return found;
    }
}
