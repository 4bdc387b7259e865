package io.leadflow.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventJson;
import io.leadflow.events.ExportContributed;
import io.leadflow.events.ExportRequested;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** An export request on the real broker is answered once with scoring's part: that person's data, nobody else's. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ExportTest {

    @Test
    void partHoldsThePersonsScoreAndHistoryAndNothingOfAnotherPerson() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        LeadReceived person = ErasureTest.person("ada." + marker + "@export-corp.fr", "Ada", "Lovelace" + marker,
                null);
        LeadReceived other = ErasureTest.person("bob." + marker + "@export-corp.fr", "Bob", "Other" + marker, null);
        for (LeadReceived lead : List.of(person, other)) {
            Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
            Topic.of(Topics.SCORED).awaitEvent(lead.leadId(), LeadScored.class, s -> true);
        }

        ExportContributed part = requestExport(person.leadId());

        assertThat(part.service()).isEqualTo("scoring-service");
        String json = EventJson.write(part.data());
        assertThat(json).contains(person.leadId().toString()).contains("ada." + marker + "@export-corp.fr")
                .contains("Lovelace" + marker);
        assertThat(json).doesNotContain(other.leadId().toString()).doesNotContain("bob." + marker)
                .doesNotContain("Other" + marker);
        assertThat((List<?>) part.data().get("scores")).hasSize(1);
        assertThat((List<?>) part.data().get("scoreChanges")).isNotEmpty();
        assertThat((List<?>) part.data().get("contributions")).isNotEmpty();
        assertThat((List<?>) part.data().get("erased")).isEmpty();
    }

    @Test
    void anErasedPersonYieldsAnEmptyPart() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        LeadReceived person = ErasureTest.person("gone." + marker + "@export-corp.fr", "Gone", "Erased" + marker, null);
        Topic.of(Topics.RECEIVED).publish(person.leadId(), person);
        Topic.of(Topics.SCORED).awaitEvent(person.leadId(), LeadScored.class, s -> true);
        Topic.of(Topics.PRIVACY).publishRaw(person.leadId().toString(), EventJson.write(new ErasureRequested(
                UUID.randomUUID(), person.leadId(), "0".repeat(64), Instant.now())), UUID.randomUUID().toString(),
                "lead.erasure.requested.v1");

        ExportContributed part = requestExport(person.leadId());

        assertThat((List<?>) part.data().get("scores")).isEmpty();
        assertThat((List<?>) part.data().get("scoreChanges")).isEmpty();
        assertThat((List<?>) part.data().get("contributions")).isEmpty();
        assertThat((List<?>) part.data().get("erased")).hasSize(1);
        assertThat(EventJson.write(part.data())).doesNotContain("gone." + marker);
    }

    /** Publishes one request twice (a redelivery) and answers the only part it got. */
    static ExportContributed requestExport(UUID leadId) {
        UUID exportId = UUID.randomUUID();
        String request = EventJson.write(new ExportRequested(exportId, List.of(leadId), "0".repeat(64),
                Instant.now()));
        String eventId = UUID.randomUUID().toString();
        Topic privacy = Topic.of(Topics.PRIVACY);
        privacy.publishRaw(leadId.toString(), request, eventId, "lead.export.requested.v1");
        privacy.publishRaw(leadId.toString(), request, eventId, "lead.export.requested.v1");
        List<ConsumerRecord<String, String>> parts = privacy.awaitExactly(1,
                r -> "lead.export.contributed.v1".equals(Topic.header(r, "ce_type"))
                        && EventJson.read(r.value(), ExportContributed.class).exportId().equals(exportId),
                Duration.ofSeconds(2));
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).key()).isEqualTo(leadId.toString());
        return EventJson.read(parts.get(0).value(), ExportContributed.class);
    }
}
