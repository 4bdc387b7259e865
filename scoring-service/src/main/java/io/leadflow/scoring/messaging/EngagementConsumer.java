package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadEngagement;
import io.leadflow.scoring.domain.LeadScorer;
import io.leadflow.scoring.persistence.LeadErasures;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Re-scores leads from {@code leads.engagement}, once per event however often it is delivered. */
@ApplicationScoped
public class EngagementConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    LeadScorer scorer;

    @Inject
    LeadErasures erasures;

    @Incoming("leads-engagement")
    public Uni<Void> onEngagement(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, LeadEngagement.class, "scoring-engagement",
                delivery -> erasures.unlessErased(delivery.event().leadId(), () -> scorer.onEngagement(delivery)));
    }
}
