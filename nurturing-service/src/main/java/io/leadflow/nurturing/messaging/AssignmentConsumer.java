package io.leadflow.nurturing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadAssignment;
import io.leadflow.nurturing.handling.AssignmentHandOffs;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Hands leads to sales, and takes released ones back, from {@code leads.assigned}, once per event. */
@ApplicationScoped
public class AssignmentConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    AssignmentHandOffs handOffs;

    @Incoming("leads-assigned")
    public Uni<Void> onAssignment(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, LeadAssignment.class, "nurturing-assigned", handOffs::onAssignment);
    }
}
