package io.leadflow.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.scoring.persistence.LeadErasures;
import io.leadflow.scoring.persistence.LeadExports;
import io.leadflow.support.privacy.ErasureRequests;
import io.leadflow.support.privacy.ExportRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Erasure requests on {@code leads.privacy}: deletes what scoring holds of the lead and confirms with
 * {@code lead.erasure.completed.v1} (service {@code scoring-service}), in the same transaction
 * ({@link ErasureRequests}). Export requests: answers scoring's part with {@code lead.export.contributed.v1}
 * ({@link ExportRequests}, {@link LeadExports}).
 */
@ApplicationScoped
public class PrivacyConsumer {

    static final String SERVICE = "scoring-service";

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
            return exportRequests.handle(message, "scoring-privacy", SERVICE, confirmations, exports::contribute);
        }
        return requests.handle(message, "scoring-privacy", SERVICE, confirmations,
                (request, now) -> erasures.erase(request.leadId(), request.requestId(), now));
    }
}
