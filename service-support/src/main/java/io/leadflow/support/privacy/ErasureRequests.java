package io.leadflow.support.privacy;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.ErasureRequested;
import io.leadflow.events.EventType;
import io.leadflow.support.messaging.CloudEventTypes;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * What every service does with a record of {@code leads.privacy}: only {@code lead.erasure.requested.v1} is handled
 * (other services' confirmations are acknowledged and left alone); the request is read, de-duplicated on its event id,
 * erased by the service's own {@link Eraser} and confirmed with {@code lead.erasure.completed.v1}, all in one
 * transaction of the {@link IdempotentConsumer}. A request without lead id or request id goes to the dead-letter topic.
 * Each erasure is counted in {@code leadflow_privacy_erasures_total{service}}.
 */
@ApplicationScoped
public class ErasureRequests {

    /** Erases what one service holds of the person, inside the caller's transaction; answers the rows changed. */
    @FunctionalInterface
    public interface Eraser {
        Uni<Integer> erase(ErasureRequested request, Instant now);
    }

    private static final Logger LOG = Logger.getLogger(ErasureRequests.class);

    private final IdempotentConsumer consumer;
    private final EventSender events;
    private final Clock clock;
    private final MeterRegistry registry;

    public ErasureRequests(IdempotentConsumer consumer, EventSender events, Clock clock, MeterRegistry registry) {
        this.consumer = consumer;
        this.events = events;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Handles one record of {@code leads.privacy} for {@code service} (as confirmations name it, e.g.
     * {@code routing-service}); {@code consumerName} is its key in the processed-event table.
     */
    public Uni<Void> handle(Message<String> message, String consumerName, String service,
            MutinyEmitter<String> confirmations, Eraser eraser) {
        if (!CloudEventTypes.is(message, EventType.ERASURE_REQUESTED.ceType())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return consumer.consume(message, ErasureRequested.class, consumerName, delivery -> {
            ErasureRequested request = delivery.event();
            if (request.leadId() == null || request.requestId() == null) {
                throw new InvalidEventException("an erasure request without lead id or request id");
            }
            Instant now = clock.instant();
            return eraser.erase(request, now)
                    .invoke(rows -> delivery.afterCommit(() -> {
                        registry.counter("leadflow.privacy.erasures", "service", service).increment();
                        LOG.infof("Erased lead %s for request %s (%d rows)", request.leadId(), request.requestId(),
                                rows);
                    }))
                    // Every service derives its confirmation's id from the same request: the service in the
                    // effect keeps the ids apart, or intake would drop all confirmations but the first as duplicates.
                    .chain(() -> events.sendCausedBy(confirmations, delivery.eventId(), "erasure-completed/" + service,
                            request.leadId(), new ErasureCompleted(request.requestId(), request.leadId(), service,
                                    now), now));
        });
    }
}
