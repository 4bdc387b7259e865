package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.LeadScored;
import io.leadflow.support.messaging.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes {@code lead.scored.v1}; completes once the broker acknowledged. */
@ApplicationScoped
public class ScoredLeadPublisher {

    static final String SOURCE = "/leadflow/scoring-service";

    @Inject
    @Channel("leads-scored")
    MutinyEmitter<String> scored;

    /** The event id derives from the cause's, so re-processing a redelivered cause publishes the same id. */
    public Uni<Void> publish(LeadScored event, String causeEventId) {
        return scored.sendMessage(EventMessages.of(EventMessages.derivedId(causeEventId, "scored"), event.leadId(),
                event, SOURCE, event.scoredAt()));
    }
}
