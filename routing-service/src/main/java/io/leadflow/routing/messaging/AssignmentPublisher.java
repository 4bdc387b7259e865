package io.leadflow.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.LeadAssignment;
import io.leadflow.support.messaging.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes {@code lead.assignment.v1}; completes once the broker acknowledged. */
@ApplicationScoped
public class AssignmentPublisher {

    static final String SOURCE = "/leadflow/routing-service";

    @Inject
    @Channel("leads-assigned")
    MutinyEmitter<String> assigned;

    /** The event id derives from the cause's, so re-processing a redelivered cause publishes the same id. */
    public Uni<Void> publish(LeadAssignment event, String causeEventId) {
        return assigned.sendMessage(EventMessages.of(
                EventMessages.derivedId(causeEventId, "assignment/" + event.status().wire()), event.leadId(), event,
                SOURCE, event.occurredAt()));
    }
}
