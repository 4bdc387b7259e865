package io.leadflow.routing.persistence;

import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.LeadAssignment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Adds events to the outbox inside the caller's transaction, so an event exists exactly when the change it reports
 * does: a rolled-back step leaves none, a committed one cannot lose it.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into outbox_event (event_id, lead_id, ce_type, payload, occurred_at, "
            + "origin, bulk) values (:eventId, :leadId, :ceType, :payload, :occurredAt, :origin, :bulk) "
            + "on conflict (event_id) do nothing";

    /** This instance (a random id per start): travels with the event so other instances know to push it. */
    @ConfigProperty(name = "quarkus.uuid")
    String instance;

    public Uni<Void> add(LeadAssignment event) {
        return add(event, false);
    }

    /** An event about an imported lead ({@code bulk}) is counted apart in the speed-to-lead metrics once relayed. */
    public Uni<Void> add(LeadAssignment event, boolean bulk) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("eventId", UUID.randomUUID())
                .setParameter("leadId", event.leadId())
                .setParameter("ceType", EventType.ofPayload(LeadAssignment.class).ceType())
                .setParameter("payload", EventJson.write(event))
                .setParameter("occurredAt", event.occurredAt().atOffset(ZoneOffset.UTC))
                .setParameter("origin", instance)
                .setParameter("bulk", bulk)
                .executeUpdate())
                .replaceWithVoid();
    }
}
