package io.leadflow.nurturing.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.Lane;
import io.leadflow.events.LeadNurture;
import io.leadflow.support.messaging.EventSender;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes nurturing's lifecycle on {@code leads.nurture}. Every event is caused by something with an id (a consumed
 * event, or a touch), and its own id derives from that cause, so doing the same work twice publishes the same id
 * again, which consumers de-duplicate.
 */
@ApplicationScoped
public class NurtureEvents {

    @Inject
    EventSender events;

    @Inject
    @Channel("leads-nurture")
    MutinyEmitter<String> nurture;

    /** Completes once the broker acknowledged. */
    public Uni<Void> publish(String causeId, String effect, LeadNurture event, Instant time) {
        return publish(causeId, effect, event, Lane.LIVE, time);
    }

    /** As above; an imported lead's enrollment is marked as the bulk lane's (intake follows its imports by it). */
    public Uni<Void> publish(String causeId, String effect, LeadNurture event, Lane lane, Instant time) {
        return events.sendCausedBy(nurture, causeId, "nurture/" + effect, event.leadId(), event, lane, time);
    }

    /** The cause id of what a touch does: the touch itself. */
    public static String touchCause(UUID touchId) {
        return "touch/" + touchId;
    }
}
