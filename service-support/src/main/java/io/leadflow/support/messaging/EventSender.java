package io.leadflow.support.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.events.Lane;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends Leadflow events through a channel's emitter, with this service as {@code ce_source}
 * ({@code /leadflow/<quarkus.application.name>}). The returned {@code Uni} completes once the broker acknowledged;
 * inside a consumed batch, an event caused by a consumed one completes at once and the batch's commit waits for the
 * acknowledgement instead ({@link BatchSends}).
 */
@ApplicationScoped
public class EventSender {

    private final String source;

    public EventSender(@ConfigProperty(name = "quarkus.application.name") String application) {
        this.source = "/leadflow/" + application;
    }

    /** This service as a CloudEvents source. */
    public String source() {
        return source;
    }

    /** An event of its own (a lead submitted over HTTP): a fresh event id. */
    public Uni<Void> send(MutinyEmitter<String> channel, UUID leadId, Object event, Instant time) {
        return channel.sendMessage(EventMessages.of(UUID.randomUUID(), leadId, event, source, time));
    }

    /**
     * An event caused by a consumed one. Its id derives from the cause's id and the {@code effect}, so re-processing
     * a redelivered cause (after a crash between publishing and committing) publishes the same id again, which the
     * next consumer de-duplicates.
     */
    public Uni<Void> sendCausedBy(MutinyEmitter<String> channel, String causeEventId, String effect, UUID leadId,
            Object event, Instant time) {
        return sendCausedBy(channel, causeEventId, effect, leadId, event, Lane.LIVE, time);
    }

    /** As above, on the event type's topic in {@code lane} (an imported lead's score travels in the bulk lane). */
    public Uni<Void> sendCausedBy(MutinyEmitter<String> channel, String causeEventId, String effect, UUID leadId,
            Object event, Lane lane, Instant time) {
        Uni<Void> send = channel.sendMessage(EventMessages.of(EventMessages.derivedId(causeEventId, effect), leadId,
                event, lane, source, time));
        return BatchSends.current().map(batch -> batch.keep(leadId, send)).orElse(send);
    }
}
