package io.leadflow.nurturing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadScored;
import io.leadflow.nurturing.handling.ScoredLeadHandler;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Enrolls the leads of {@code leads.scored} that are not hot, once per event however often it is delivered. */
@ApplicationScoped
public class ScoredLeadConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    ScoredLeadHandler handler;

    @Incoming("leads-scored")
    public Uni<Void> onScored(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadScored.class, "nurturing-scored", handler::handle);
    }

    /** Imported leads' scores, in a channel of their own: a live lead's never wait behind an import's backlog. */
    @Incoming("leads-scored-bulk")
    public Uni<Void> onScoredInBulk(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadScored.class, "nurturing-scored-bulk", handler::handle);
    }
}
