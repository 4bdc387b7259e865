package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadAssignment;
import io.leadflow.scoring.handling.ScoringHandler;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Reads routing's assignment lifecycle on {@code leads.assigned}: acceptance and meetings make a lead an SQL. */
@ApplicationScoped
public class AssignmentConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    ScoringHandler scoring;

    @Incoming("leads-assigned")
    public Uni<Void> onAssignment(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadAssignment.class, "scoring-assigned", scoring::assignment);
    }
}
