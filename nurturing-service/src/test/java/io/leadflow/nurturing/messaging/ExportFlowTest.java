package io.leadflow.nurturing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Activity;
import io.leadflow.events.EventJson;
import io.leadflow.events.ExportContributed;
import io.leadflow.events.ExportRequested;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.persistence.Suppression;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An export request on the real broker is answered once with nurturing's part: that person's enrollment, touches and
 * unsubscribe (which only nurturing records), nothing of another person.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class ExportFlowTest {

    @Test
    void partHoldsThePersonsEnrollmentAndUnsubscribeAndNothingOfAnotherPerson() {
        LeadScored person = Leads.french(Temperature.COLD, true);
        LeadScored other = Leads.french(Temperature.COLD, true);
        ErasureFlowTest.enrolled(person);
        ErasureFlowTest.enrolled(other);
        Topic.of(Topics.ENGAGEMENT).publish(person.leadId(),
                ExitFlowTest.engagement(person.leadId(), Activity.UNSUBSCRIBED, null));
        Topic.of(Topics.NURTURE).awaitEvent(person.leadId(), LeadNurture.class,
                e -> e.status() == NurtureStatus.EXITED);

        String email = person.lead().contact().email();
        UUID exportId = UUID.randomUUID();
        String request = EventJson.write(new ExportRequested(exportId, List.of(person.leadId()),
                Suppression.sha256(email), Instant.now()));
        String eventId = UUID.randomUUID().toString();
        Topic privacy = Topic.of(Topics.PRIVACY);
        privacy.publishRaw(person.leadId().toString(), request, eventId, "lead.export.requested.v1");
        privacy.publishRaw(person.leadId().toString(), request, eventId, "lead.export.requested.v1");
        List<ConsumerRecord<String, String>> parts = privacy.awaitExactly(1,
                r -> "lead.export.contributed.v1".equals(Topic.header(r, "ce_type"))
                        && EventJson.read(r.value(), ExportContributed.class).exportId().equals(exportId),
                Duration.ofSeconds(2));

        assertThat(parts).as("one part, though the request came twice").hasSize(1);
        ExportContributed part = EventJson.read(parts.get(0).value(), ExportContributed.class);
        assertThat(part.service()).isEqualTo("nurturing-service");
        String json = EventJson.write(part.data());
        assertThat(json).contains(person.leadId().toString()).contains(email);
        assertThat(json).doesNotContain(other.leadId().toString())
                .doesNotContain(other.lead().contact().email());
        assertThat((List<?>) part.data().get("enrollments")).hasSize(1);
        assertThat((List<?>) part.data().get("touches")).isNotEmpty();
        List<?> suppressions = (List<?>) part.data().get("suppressions");
        assertThat(suppressions).hasSize(1);
        assertThat(((Map<?, ?>) suppressions.get(0)).get("reason")).isEqualTo("unsubscribed");
        assertThat(((Map<?, ?>) suppressions.get(0)).get("created_at")).isNotNull();
    }
}
