package io.leadflow.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadScored;
import io.leadflow.routing.domain.HotLeadRouter;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Routes the hot leads of {@code leads.scored}, once per event however often it is delivered; never an erased one.
 * Imported leads' scores ({@code leads.scored.bulk}) go through the same handler in a channel of their own, so a live
 * hot lead never waits behind an import's backlog.
 */
@ApplicationScoped
public class ScoredLeadConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    HotLeadRouter router;

    @Incoming("leads-scored")
    public Uni<Void> onScored(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadScored.class, "routing-scored", router::onScoredBatch);
    }

    @Incoming("leads-scored-bulk")
    public Uni<Void> onScoredInBulk(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadScored.class, "routing-scored-bulk", router::onScoredBatch);
    }
}
