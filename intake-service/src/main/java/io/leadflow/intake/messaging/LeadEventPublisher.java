package io.leadflow.intake.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.LeadReceived;
import io.leadflow.support.messaging.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes {@code lead.received.v1}; the returned {@code Uni} completes only once the broker acknowledged it. */
@ApplicationScoped
public class LeadEventPublisher {

    static final String SOURCE = "/leadflow/intake-service";

    @Inject
    @Channel("leads-received")
    MutinyEmitter<String> received;

    public Uni<Void> publish(LeadReceived event) {
        return received.sendMessage(EventMessages.of(UUID.randomUUID(), event.leadId(), event, SOURCE,
                event.lead().receivedAt()));
    }
}
