package io.leadflow.nurturing.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventType;
import io.leadflow.nurturing.persistence.LeadErasures;
import io.leadflow.support.messaging.CloudEventTypes;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Erasure requests on {@code leads.privacy}: deletes what nurturing holds of the person, keeps only the hash of their address on the suppression list, and confirms with
 * {@code lead.erasure.completed.v1} (service {@code nurturing-service}), in the same transaction. Confirmations of
 * other services on the same topic are acknowledged and left alone.
 */
@ApplicationScoped
public class PrivacyConsumer {

    static final String SERVICE = "nurturing-service";
    private static final Logger LOG = Logger.getLogger(PrivacyConsumer.class);

    @Inject
    IdempotentConsumer consumer;

    @Inject
    LeadErasures erasures;

    @Inject
    EventSender events;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel("erasure-confirmations")
    MutinyEmitter<String> confirmations;

    @Incoming("leads-privacy")
    public Uni<Void> onPrivacy(Message<String> message) {
        if (!CloudEventTypes.is(message, EventType.ERASURE_REQUESTED.ceType())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return consumer.consume(message, ErasureRequested.class, "nurturing-privacy", this::erase);
    }

    Uni<Void> erase(Delivery<ErasureRequested> delivery) {
        ErasureRequested request = delivery.event();
        if (request.leadId() == null || request.requestId() == null) {
            throw new InvalidEventException("an erasure request without lead id or request id");
        }
        Instant now = clock.instant();
        return erasures.erase(request.leadId(), request.emailSha256(), now)
                .invoke(rows -> delivery.afterCommit(() -> {
                    registry.counter("leadflow.privacy.erasures", "service", SERVICE).increment();
                    LOG.infof("Erased lead %s for request %s (%d rows)", request.leadId(), request.requestId(), rows);
                }))
                .chain(() -> events.sendCausedBy(confirmations, delivery.eventId(), "erasure-completed",
                        request.leadId(), new ErasureCompleted(request.requestId(), request.leadId(), SERVICE, now),
                        now));
    }
}
