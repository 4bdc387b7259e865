package io.leadflow.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.events.ErasureCompleted;
import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.ExportContributed;
import io.leadflow.intake.privacy.Erasures;
import io.leadflow.intake.privacy.Exports;
import io.leadflow.support.messaging.CloudEventTypes;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;

/**
 * Each service's {@code lead.erasure.completed.v1} on {@code leads.privacy}, recorded against its request, and each
 * service's export part ({@code lead.export.contributed.v1}), recorded against its export. Other types are skipped.
 */
@ApplicationScoped
public class ErasureConfirmations {

    @Inject
    IdempotentConsumer consumer;

    @Inject
    Erasures erasures;

    @Inject
    Exports exports;

    @Incoming("privacy")
    public Uni<Void> onPrivacy(Message<String> message) {
        if (CloudEventTypes.is(message, EventType.EXPORT_CONTRIBUTED.ceType())) {
            return onExportPart(message);
        }
        if (!CloudEventTypes.is(message, EventType.ERASURE_COMPLETED.ceType())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return consumer.consume(message, ErasureCompleted.class, "intake-privacy", delivery -> {
            ErasureCompleted completed = delivery.event();
            if (completed.requestId() == null || completed.service() == null || completed.service().isBlank()
                    || completed.service().length() > 64) {
                throw new InvalidEventException("an erasure confirmation without request id or service");
            }
            return erasures.confirm(completed.requestId(), completed.service(),
                    completed.completedAt() != null ? completed.completedAt() : java.time.Instant.now());
        });
    }

    private Uni<Void> onExportPart(Message<String> message) {
        return consumer.consume(message, ExportContributed.class, "intake-privacy", delivery -> {
            ExportContributed part = delivery.event();
            if (part.exportId() == null || part.service() == null || part.service().isBlank()
                    || part.service().length() > 64 || part.data() == null) {
                throw new InvalidEventException("an export part without export id, service or data");
            }
            return exports.contribute(part.exportId(), part.service(),
                    part.contributedAt() != null ? part.contributedAt() : java.time.Instant.now(),
                    EventJson.write(part.data()));
        });
    }
}
