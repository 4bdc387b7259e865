package io.leadflow.support.messaging;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.Lane;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Builds the Kafka record of an event: the JSON value, the lead id as key and the CloudEvents headers
 * ({@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time}, {@code ce_subject}).
 */
public final class EventMessages {

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
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(leadId.toString())
                .withTopic(lane.topic(type))
                .build();
        return Message.of(json).addMetadata(cloudEvent).addMetadata(record);
    }

    /** The id of an event caused by another one, the same every time the cause is processed (see EventSender). */
    public static UUID derivedId(String causeEventId, String effect) {
        return UUID.nameUUIDFromBytes((causeEventId + "/" + effect).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
