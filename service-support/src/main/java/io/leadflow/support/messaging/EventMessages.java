package io.leadflow.support.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.Lane;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Builds the Kafka record of an event: the JSON value, the lead id as key and the CloudEvents headers
 * ({@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time}, {@code ce_subject}), and the bulk lane's
 * {@link #LANE_HEADER}.
 */
public final class EventMessages {

    /**
     * A Kafka header, {@code bulk}, on an event of the bulk lane that travels on a live topic (an imported lead's
     * assignment or enrollment): a consumer that follows imports reads it before the payload and skips live records
     * at once.
     */
    public static final String LANE_HEADER = "leadflow-lane";

    private EventMessages() {
    }

    public static Message<String> of(UUID eventId, UUID leadId, Object payload, String source, Instant time) {
        return of(eventId, leadId, payload, Lane.LIVE, source, time);
    }

    /** A record on its type's topic in {@code lane}. */
    public static Message<String> of(UUID eventId, UUID leadId, Object payload, Lane lane, String source,
            Instant time) {
        return of(eventId, leadId, EventType.ofPayload(payload.getClass()), EventJson.write(payload), lane, source,
                time);
    }

    /** A record of an event already in JSON (from the outbox), on its type's topic whatever the channel's default. */
    public static Message<String> of(UUID eventId, UUID leadId, EventType type, String json, String source,
            Instant time) {
        return of(eventId, leadId, type, json, Lane.LIVE, source, time);
    }

    /** A record of an event already in JSON, on its type's topic in {@code lane} whatever the channel's default. */
    public static Message<String> of(UUID eventId, UUID leadId, EventType type, String json, Lane lane,
            String source, Instant time) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(eventId.toString())
                .withType(type.ceType())
                .withSource(URI.create(source))
                .withSubject(leadId.toString())
                .withDataContentType("application/json")
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .build();
        var record = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(leadId.toString())
                .withTopic(lane.topic(type));
        if (lane == Lane.BULK) {
            record.withHeaders(new RecordHeaders().add(LANE_HEADER, lane.wire().getBytes(StandardCharsets.UTF_8)));
        }
        return Message.of(json).addMetadata(cloudEvent).addMetadata(record.build());
    }

    /** Whether a consumed record belongs to the bulk lane: read from a bulk topic, or marked {@link #LANE_HEADER}. */
    public static boolean inBulkLane(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(metadata -> {
            if (Lane.ofTopic(metadata.getTopic()) == Lane.BULK) {
                return true;
            }
            Header header = metadata.getHeaders().lastHeader(LANE_HEADER);
            return header != null && Lane.BULK.wire().equals(new String(header.value(), StandardCharsets.UTF_8));
        }).orElse(false);
    }

    /** The id of an event caused by another one, the same every time the cause is processed (see EventSender). */
    public static UUID derivedId(String causeEventId, String effect) {
        return UUID.nameUUIDFromBytes((causeEventId + "/" + effect).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
