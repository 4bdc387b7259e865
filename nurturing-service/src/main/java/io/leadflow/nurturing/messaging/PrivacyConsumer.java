package io.leadflow.nurturing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.nurturing.persistence.LeadErasures;
import io.leadflow.nurturing.persistence.LeadExports;
import io.leadflow.support.privacy.ErasureRequests;
import io.leadflow.support.privacy.ExportRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Erasure requests on {@code leads.privacy}: deletes what nurturing holds of the person, keeps only the hash of their
 * address on the suppression list, and confirms with {@code lead.erasure.completed.v1} (service
 * {@code nurturing-service}), in the same transaction ({@link ErasureRequests}). Export requests: answers
 * nurturing's part with {@code lead.export.contributed.v1} ({@link ExportRequests}, {@link LeadExports}).
 */
@ApplicationScoped
public class PrivacyConsumer {

    static final String SERVICE = "nurturing-service";

    @Inject
    ErasureRequests requests;

    @Inject
    LeadErasures erasures;

    @Inject
    ExportRequests exportRequests;

    @Inject
    LeadExports exports;

    /** Erasure confirmations and export parts, both on {@code leads.privacy}. */
    @Inject
    @Channel("erasure-confirmations")
    MutinyEmitter<String> confirmations;

    @Incoming("leads-privacy")
    public Uni<Void> onPrivacy(Message<String> message) {
        if (ExportRequests.isRequest(message)) {
            return exportRequests.handle(message, "nurturing-privacy", SERVICE, confirmations, exports::contribute);
        }
        return requests.handle(message, "nurturing-privacy", SERVICE, confirmations,
                (request, now) -> erasures.erase(request.leadId(), request.emailSha256(), now));
    }
}
