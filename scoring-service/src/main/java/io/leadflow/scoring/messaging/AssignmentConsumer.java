package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadAssignment;
import io.leadflow.scoring.domain.LeadScorer;
import io.leadflow.scoring.persistence.LeadErasures;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Reads routing's assignment lifecycle on {@code leads.assigned}: acceptance and meetings make a lead an SQL. */
@ApplicationScoped
public class AssignmentConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    LeadScorer scorer;

    @Inject
    LeadErasures erasures;

    @Incoming("leads-assigned")
    public Uni<Void> onAssignment(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, LeadAssignment.class, "scoring-assigned",
                delivery -> erasures.unlessErased(delivery.event().leadId(), () -> scorer.onAssignment(delivery)));
    }
}
