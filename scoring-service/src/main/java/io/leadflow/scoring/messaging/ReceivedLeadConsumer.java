package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadReceived;
import io.leadflow.scoring.handling.ScoringHandler;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Scores every lead on {@code leads.received}, once per event however often it is delivered, and every imported lead
 * on {@code leads.received.bulk} with the same handler in a channel of its own, so a live lead never waits behind an
 * import's backlog. An imported lead's score goes out in the bulk lane too ({@code leads.scored.bulk}).
 */
@ApplicationScoped
public class ReceivedLeadConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    ScoringHandler scoring;

    @Incoming("leads-received")
    public Uni<Void> onReceived(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadReceived.class, "scoring-received", scoring::received);
    }

    @Incoming("leads-received-bulk")
    public Uni<Void> onReceivedInBulk(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadReceived.class, "scoring-received-bulk", scoring::received);
    }
}
