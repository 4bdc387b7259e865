package io.leadflow.nurturing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.LeadNurture;
import io.leadflow.support.messaging.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes {@code lead.nurture.v1}; completes once the broker acknowledged. */
@ApplicationScoped
public class NurtureEventPublisher {

    static final String SOURCE = "/leadflow/nurturing-service";

    @Inject
    @Channel("leads-nurture")
    MutinyEmitter<String> nurture;

    /** The event id derives from the cause's, so re-processing a redelivered cause publishes the same id. */
    public Uni<Void> publish(LeadNurture event, String causeEventId) {
        return nurture.sendMessage(EventMessages.of(
                EventMessages.derivedId(causeEventId, "nurture/" + event.status().wire()), event.leadId(), event,
                SOURCE, event.occurredAt()));
    }
}
