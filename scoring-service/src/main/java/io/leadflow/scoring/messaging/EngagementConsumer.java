package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadEngagement;
import io.leadflow.scoring.handling.ScoringHandler;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Re-scores leads from {@code leads.engagement}, once per event however often it is delivered. */
@ApplicationScoped
public class EngagementConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    ScoringHandler scoring;

    @Incoming("leads-engagement")
    public Uni<Void> onEngagement(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadEngagement.class, "scoring-engagement", scoring::engagement);
    }
}
