package io.leadflow.intake.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.Lane;
import io.smallrye.mutiny.Uni;

/** Adds events to the outbox, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    /**
     * The PostgreSQL advisory lock a relay pass holds (only one instance relays at a time), which an import's
     * cancellation takes too, so it never withdraws an event a pass is sending.
     */
    public static final long RELAY_LOCK = 0x6c65616466L; // "leadf"

    /** Many events of one moment (an import batch) in {@code lane}, in one statement, in list order. */
    public Uni<Void> addAll(java.util.List<UUID> leadIds, java.util.List<?> events, Lane lane, Instant occurredAt) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into outbox_event (event_id, lead_id, ce_type, payload, occurred_at, bulk) "
                        + "select event_id, lead_id, ce_type, payload, :at, :bulk "
                        + "from unnest(cast(:eventIds as uuid[]), "
                        + "cast(:leadIds as uuid[]), cast(:types as varchar[]), cast(:payloads as text[])) "
                        + "with ordinality as row(event_id, lead_id, ce_type, payload, position) order by position")
                .setParameter("eventIds", events.stream().map(e -> UUID.randomUUID()).toArray(UUID[]::new))
                .setParameter("leadIds", leadIds.toArray(UUID[]::new))
                .setParameter("types", events.stream().map(e -> EventType.ofPayload(e.getClass()).ceType())
                        .toArray(String[]::new))
                .setParameter("payloads", events.stream().map(EventJson::write).toArray(String[]::new))
                .setParameter("at", occurredAt.atOffset(java.time.ZoneOffset.UTC))
                .setParameter("bulk", lane == Lane.BULK)
                .executeUpdate())
                .replaceWithVoid();
    }

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
