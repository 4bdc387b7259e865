package io.leadflow.nurturing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadEngagement;
import io.leadflow.nurturing.handling.EngagementOutcomes;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Ends sequences on replies, meetings, unsubscribes and hard bounces from {@code leads.engagement}, once per event. */
@ApplicationScoped
public class EngagementConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    EngagementOutcomes exits;

    @Incoming("leads-engagement")
    public Uni<Void> onEngagement(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, LeadEngagement.class, "nurturing-engagement", exits::onEngagement);
    }
}
