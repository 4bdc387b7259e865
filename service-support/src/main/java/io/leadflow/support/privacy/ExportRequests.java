package io.leadflow.support.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.ExportContributed;
import io.leadflow.events.ExportRequested;
import io.leadflow.support.messaging.CloudEventTypes;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * What every service does with {@code lead.export.requested.v1} on {@code leads.privacy} (GDPR Art. 15/20): the
 * request is read, de-duplicated on its event id, the service's own {@link Contributor} collects what it holds of the
 * person, and the part goes back as {@code lead.export.contributed.v1}, all in one transaction of the
 * {@link IdempotentConsumer}. A request without export id or lead ids goes to the dead-letter topic. A part whose
 * JSON exceeds {@link #MAX_PART_BYTES} (contributors cap their lists, so this is a safety net) is replaced by a note
 * saying so rather than a record the producer would refuse. Counted in
 * {@code leadflow_privacy_exports_total{service}}.
 */
@ApplicationScoped
public class ExportRequests {

    /**
     * The largest part sent: below the producer's default {@code max.request.size} (1 MiB) and the broker's default
     * {@code message.max.bytes}, with room for the headers and the envelope.
     */
    public static final int MAX_PART_BYTES = 900_000;

    /** Collects what one service holds of the person, inside the caller's transaction, as plain JSON values. */
    @FunctionalInterface
    public interface Contributor {
        Uni<Map<String, Object>> contribute(ExportRequested request);
    }

    private static final Logger LOG = Logger.getLogger(ExportRequests.class);

    private final IdempotentConsumer consumer;
    private final EventSender events;
    private final Clock clock;
    private final MeterRegistry registry;

    public ExportRequests(IdempotentConsumer consumer, EventSender events, Clock clock, MeterRegistry registry) {
        this.consumer = consumer;
        this.events = events;
        this.clock = clock;
        this.registry = registry;
    }

    /** Whether the record is an export request (the others on {@code leads.privacy} are someone else's). */
    public static boolean isRequest(Message<?> message) {
        return CloudEventTypes.is(message, EventType.EXPORT_REQUESTED.ceType());
    }

    /**
     * Handles one export request for {@code service} (as parts name it, e.g. {@code routing-service});
     * {@code consumerName} is its key in the processed-event table.
     */
    public Uni<Void> handle(Message<String> message, String consumerName, String service, MutinyEmitter<String> parts,
            Contributor contributor) {
        if (!isRequest(message)) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return consumer.consume(message, ExportRequested.class, consumerName, delivery -> {
            ExportRequested request = delivery.event();
            if (request.exportId() == null || request.leadIds() == null || request.leadIds().isEmpty()
                    || request.leadIds().contains(null)) {
                throw new InvalidEventException("an export request without export id or lead ids");
            }
            Instant now = clock.instant();
            UUID key = request.leadIds().get(0);
            return contributor.contribute(request)
                    .map(data -> bounded(request.exportId(), service, data))
                    .invoke(data -> delivery.afterCommit(() -> {
                        registry.counter("leadflow.privacy.exports", "service", service).increment();
                        LOG.infof("Contributed to export %s", request.exportId());
                    }))
                    // Parts of one request from every service derive their ids from the same cause: the service in
                    // the effect keeps them apart, or intake would drop all but the first as duplicates.
                    .chain(data -> events.sendCausedBy(parts, delivery.eventId(), "export-contributed/" + service,
                            key, new ExportContributed(request.exportId(), service, now, data), now));
        });
    }

    /** The part as it goes out: itself, or a note naming its sections when its JSON is over the limit. */
    static Map<String, Object> bounded(UUID exportId, String service, Map<String, Object> data) {
        int bytes = EventJson.write(data).getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= MAX_PART_BYTES) {
            return data;
        }
        LOG.warnf("Export %s: %s's part is %d bytes, over %d; sent as a note", exportId, service, bytes,
                MAX_PART_BYTES);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("truncated", true);
        note.put("reason", "the part was " + bytes + " bytes, over the " + MAX_PART_BYTES
                + " a Kafka record may carry; ask the operator for a manual export");
        note.put("sections", List.copyOf(data.keySet()));
        return note;
    }
}
