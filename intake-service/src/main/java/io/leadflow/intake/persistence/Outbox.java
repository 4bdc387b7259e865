package io.leadflow.intake.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.smallrye.mutiny.Uni;

/** Adds events to the outbox, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public Uni<UUID> add(UUID leadId, Object event, Instant occurredAt) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.randomUUID();
        row.leadId = leadId;
        row.ceType = EventType.ofPayload(event.getClass()).ceType();
        row.payload = EventJson.write(event);
        row.occurredAt = occurredAt;
        return row.persist().replaceWith(row.eventId);
    }
}
