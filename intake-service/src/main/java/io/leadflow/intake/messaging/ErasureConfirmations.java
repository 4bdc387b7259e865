package io.leadflow.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.EventType;
import io.leadflow.intake.privacy.Erasures;
import io.leadflow.support.messaging.CloudEventTypes;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;

/** Each service's {@code lead.erasure.completed.v1} on {@code leads.privacy}, recorded against its request. */
@ApplicationScoped
public class ErasureConfirmations {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    Erasures erasures;

    @Incoming("privacy")
    public Uni<Void> onPrivacy(Message<String> message) {
        if (!CloudEventTypes.is(message, EventType.ERASURE_COMPLETED.ceType())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return consumer.consume(message, ErasureCompleted.class, "intake-privacy", delivery -> {
            ErasureCompleted completed = delivery.event();
            if (completed.requestId() == null || completed.service() == null || completed.service().isBlank()
                    || completed.service().length() > 64) {
                throw new InvalidEventException("an erasure confirmation without request id or service");
            }
            return erasures.confirm(completed.requestId(), completed.service(),
                    completed.completedAt() != null ? completed.completedAt() : java.time.Instant.now());
        });
    }
}
