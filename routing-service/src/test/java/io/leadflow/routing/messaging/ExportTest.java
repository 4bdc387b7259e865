package io.leadflow.routing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.ExportContributed;
import io.leadflow.events.ExportRequested;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** An export request on the real broker is answered once with routing's part: that person's data, nobody else's. */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class ExportTest {

    @Inject
    MovableClock clock;

    @Test
    void partHoldsThePersonsAssignmentsAndNothingOfAnotherPerson() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID ada = fixture.rep("Ada", 5);
        fixture.rule("weighted_round_robin");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String otherMarker = UUID.randomUUID().toString().substring(0, 8);
        LeadScored person = ErasureFlowTest.person(fixture, clock.instant(), marker);
        LeadScored other = ErasureFlowTest.person(fixture, clock.instant(), otherMarker);
        for (LeadScored lead : List.of(person, other)) {
            Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
            Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                    a -> a.status() == AssignmentStatus.ASSIGNED);
        }

        UUID exportId = UUID.randomUUID();
        String request = EventJson.write(new ExportRequested(exportId, List.of(person.leadId()), "0".repeat(64),
                Instant.now()));
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
        assertThat(part.service()).isEqualTo("routing-service");
        String json = EventJson.write(part.data());
        assertThat(json).contains(person.leadId().toString()).contains(person.lead().contact().email())
                .contains(ada.toString());
        assertThat(json).doesNotContain(other.leadId().toString()).doesNotContain(otherMarker);
        List<?> assignments = (List<?>) part.data().get("assignments");
        assertThat(assignments).hasSize(1);
        assertThat(((Map<?, ?>) assignments.get(0)).get("status")).isEqualTo("ASSIGNED");
        assertThat((List<?>) part.data().get("knownLeads")).hasSize(1);
        List<?> decisions = (List<?>) part.data().get("decisions");
        assertThat(decisions).isNotEmpty();
        Map<?, ?> decision = (Map<?, ?>) decisions.get(0);
        assertThat(decision.containsKey("result")).isTrue();
        assertThat(decision.containsKey("skipped")).as("reps passed over are staff data, not the person's").isFalse();
        assertThat((List<?>) part.data().get("erased")).isEmpty();
    }
}
