package io.leadflow.intake.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.intake.persistence.LeadIdentities;
import io.leadflow.support.messaging.EventSender;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Accepts a valid lead: stamps {@code receivedAt}, finds or creates its lead id, and publishes
 * {@code lead.received.v1}. The returned lead id arrives only after the broker acknowledged the event, so a client
 * never hears "accepted" for a lead that is not durable.
 */
@ApplicationScoped
public class LeadIntake {

    @Inject
    Clock clock;

    @Inject
    LeadIdentities identities;

    @Inject
    EventSender events;

    @Inject
    @Channel("leads-received")
    MutinyEmitter<String> received;

    public Uni<UUID> accept(ValidLead lead, String channel) {
        Instant receivedAt = clock.instant();
        return Panache.withTransaction(() -> identities.leadIdFor(lead.email(), receivedAt))
                .chain(leadId -> events.send(received, leadId, toEvent(leadId, lead, channel, receivedAt), receivedAt)
                        .replaceWith(leadId));
    }

    static LeadReceived toEvent(UUID leadId, ValidLead lead, String channel, Instant receivedAt) {
        LeadProfile profile = new LeadProfile(
                new Contact(lead.email(), lead.firstName(), lead.lastName(), lead.phone(), lead.jobTitle()),
                new Company(lead.company(), lead.website()),
                lead.country(), lead.language(), lead.timeZone(), lead.source(), lead.campaign(), null,
                new Consent(lead.marketingConsent(), lead.consentTextVersion(), receivedAt, channel),
                receivedAt);
        return new LeadReceived(leadId, profile, lead.formType(), Map.of());
    }
}
