package io.leadflow.intake.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.intake.persistence.ImportJobs;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventMessages;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * How far imported leads went past intake, for an import's progress: their first score ({@code leads.scored.bulk},
 * where every imported lead's first score goes), their first assignment to a rep ({@code leads.assigned}, status
 * {@code assigned}) and their enrollment in a sequence ({@code leads.nurture}, status {@code enrolled}). Of the two
 * live topics only the records marked as the bulk lane's ({@link EventMessages#LANE_HEADER}: routing and nurturing
 * mark what an imported score caused) are read at all; the rest of their traffic is acknowledged unread. Each poll is
 * one set-based statement whatever its size; events of leads no import created change nothing.
 */
@ApplicationScoped
public class ImportOutcomes {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    ImportJobs jobs;

    @Inject
    Clock clock;

    @Incoming("import-scored-bulk")
    public Uni<Void> onScored(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadScored.class, "intake-import-scored-bulk", this::scored);
    }

    @Incoming("import-assigned")
    public Uni<Void> onAssignment(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, EventMessages::inBulkLane, LeadAssignment.class,
                "intake-import-assigned", this::routed);
    }

    @Incoming("import-nurture")
    public Uni<Void> onNurture(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, EventMessages::inBulkLane, LeadNurture.class,
                "intake-import-nurture", this::enrolled);
    }

    private Uni<Void> scored(List<Delivery<LeadScored>> deliveries) {
        List<LeadScored> scores = events(deliveries);
        scores.forEach(score -> require(score.leadId()));
        return jobs.scored(scores.stream().map(LeadScored::leadId).toList(),
                scores.stream().map(score -> score.temperature() == null ? "UNKNOWN" : score.temperature().name())
                        .toList(),
                scores.stream().map(score -> at(score.scoredAt())).toList());
    }

    private Uni<Void> routed(List<Delivery<LeadAssignment>> deliveries) {
        List<LeadAssignment> assigned = events(deliveries).stream()
                .filter(event -> event.status() == AssignmentStatus.ASSIGNED).toList();
        assigned.forEach(event -> require(event.leadId()));
        return assigned.isEmpty() ? Uni.createFrom().voidItem()
                : jobs.routed(assigned.stream().map(LeadAssignment::leadId).toList(),
                        assigned.stream().map(event -> at(event.occurredAt())).toList());
    }

    private Uni<Void> enrolled(List<Delivery<LeadNurture>> deliveries) {
        List<LeadNurture> enrolled = events(deliveries).stream()
                .filter(event -> event.status() == NurtureStatus.ENROLLED).toList();
        enrolled.forEach(event -> require(event.leadId()));
        return enrolled.isEmpty() ? Uni.createFrom().voidItem()
                : jobs.enrolled(enrolled.stream().map(LeadNurture::leadId).toList(),
                        enrolled.stream().map(event -> at(event.occurredAt())).toList());
    }

    private static <T> List<T> events(List<Delivery<T>> deliveries) {
        return deliveries.stream().map(Delivery::event).toList();
    }

    private static void require(UUID leadId) {
        if (leadId == null) {
            throw new InvalidEventException("an event without lead id");
        }
    }

    /** When a step happened: the event's own time, or now for an event that does not say. */
    private Instant at(Instant when) {
        return when == null ? clock.instant() : when;
    }
}
