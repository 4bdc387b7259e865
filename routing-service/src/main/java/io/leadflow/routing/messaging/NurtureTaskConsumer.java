package io.leadflow.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.leadflow.events.LeadNurture;
import io.leadflow.routing.domain.NurtureTaskRouter;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Turns nurturing's {@code task_created} events into reps' tasks, once per event however often it is delivered; never
 * for an erased lead.
 */
@ApplicationScoped
public class NurtureTaskConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    NurtureTaskRouter router;

    @Incoming("leads-nurture")
    public Uni<Void> onNurture(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatchAtOnce(batch, LeadNurture.class, "routing-nurture", router::onNurtureBatch);
    }
}
