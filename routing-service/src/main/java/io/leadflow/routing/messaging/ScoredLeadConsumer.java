package io.leadflow.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.events.LeadScored;
import io.leadflow.routing.domain.HotLeadRouter;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/** Routes the hot leads of {@code leads.scored}, once per event however often it is delivered. */
@ApplicationScoped
public class ScoredLeadConsumer {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    HotLeadRouter router;

    @Incoming("leads-scored")
    public Uni<Void> onScored(Message<String> message) {
        return consumer.consume(message, LeadScored.class, "routing-scored", router::onScored);
    }
}
