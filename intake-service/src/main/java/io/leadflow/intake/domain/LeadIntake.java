package io.leadflow.intake.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.Activity;
import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.intake.messaging.OutboxRelay;
import io.leadflow.intake.persistence.ConsentRecords;
import io.leadflow.intake.persistence.LeadIdentities;
import io.leadflow.intake.persistence.LeadIdentities.Identity;
import io.leadflow.intake.persistence.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * Accepts a valid lead: stamps {@code receivedAt}, finds or creates the person's lead id, records their consent, and
 * puts the event in the outbox, all in the caller's transaction. A new person becomes {@code lead.received.v1}; a
 * known one filling another form becomes a {@code form_submitted} engagement with its form type, not a second lead.
 */
@ApplicationScoped
public class LeadIntake {

    /** Where a submission came from: its channel, and the caller's address for the consent record. */
    public record Origin(String channel, String ip) {
    }

    /** The outcome for the caller: the person's lead id and whether this submission created it. */
    public record Accepted(UUID leadId, boolean knownLead) {
    }

    @Inject
    Clock clock;

    @Inject
    LeadIdentities identities;

    @Inject
    ConsentRecords consents;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    /** Must run inside a transaction; call {@link #publishCommitted()} once it committed. */
    public Uni<Accepted> accept(ValidLead lead, Origin origin) {
        Instant receivedAt = clock.instant();
        return identities.resolve(lead.email(), receivedAt)
                .call(identity -> consents.record(identity.leadId(), lead.marketingConsent(),
                        lead.consentTextVersion(), origin.channel(), lead.source(), origin.ip(), receivedAt))
                // A person an import created enters live as a new lead would on their first live submission:
                // their imported lead may still wait in the bulk lane, and a hand-raise must not wait behind it.
                .call(identity -> outbox.add(identity.leadId(), identity.isNew() || identity.firstLiveOfImported()
                        ? received(identity, lead, origin, receivedAt)
                        : formSubmitted(identity, lead, origin, receivedAt), receivedAt))
                .map(identity -> new Accepted(identity.leadId(), !identity.isNew()));
    }

    /**
     * Imported rows: a new person becomes a lead like any other; a known one (or one already earlier in the batch) is
     * a duplicate and creates nothing, since an import is not a fresh form submission. A handful of statements per
     * batch, whatever its size. Returns the leads the batch created, in row order (the rows not among them were
     * duplicates). Must run inside a transaction.
     */
    public Uni<List<UUID>> acceptImported(List<ValidLead> rows, Origin origin) {
        Instant receivedAt = clock.instant();
        List<String> distinct = rows.stream().map(ValidLead::email).distinct().toList();
        return identities.resolveAll(distinct, receivedAt).chain(byEmail -> {
            Set<String> seen = new HashSet<>();
            List<ConsentRecords.Answer> answers = new ArrayList<>();
            List<UUID> leadIds = new ArrayList<>();
            List<LeadReceived> events = new ArrayList<>();
            for (ValidLead row : rows) {
                Identity identity = byEmail.get(row.email());
                if (identity.isNew() && seen.add(row.email())) {
                    answers.add(new ConsentRecords.Answer(identity.leadId(), row.marketingConsent(),
                            row.consentTextVersion(), row.source()));
                    leadIds.add(identity.leadId());
                    events.add(received(identity, row, origin, receivedAt));
                }
            }
            return consents.recordAll(answers, origin.channel(), origin.ip(), receivedAt)
                    .chain(() -> outbox.addAll(leadIds, events, Lane.BULK, receivedAt))
                    .replaceWith(leadIds);
        });
    }

    /** Tells the relay that new events are committed, so they leave for Kafka at once. */
    public void publishCommitted() {
        relay.wake();
    }

    static LeadReceived received(Identity identity, ValidLead lead, Origin origin, Instant receivedAt) {
        LeadProfile profile = new LeadProfile(
                new Contact(lead.email(), lead.firstName(), lead.lastName(), lead.phone(), lead.jobTitle()),
                new Company(lead.company(), lead.website()),
                lead.country(), lead.language(), lead.timeZone(), lead.source(), lead.campaign(), lead.utm(),
                new Consent(lead.marketingConsent(), lead.consentTextVersion(), receivedAt, origin.channel()),
                receivedAt);
        return new LeadReceived(identity.leadId(), profile, lead.formType(), lead.answers());
    }

    static LeadEngagement formSubmitted(Identity identity, ValidLead lead, Origin origin, Instant receivedAt) {
        Map<String, String> details = new LinkedHashMap<>(lead.answers());
        put(details, "channel", origin.channel());
        put(details, "source", lead.source());
        put(details, "campaign", lead.campaign());
        put(details, "firstName", lead.firstName());
        put(details, "lastName", lead.lastName());
        put(details, "company", lead.company());
        put(details, "jobTitle", lead.jobTitle());
        put(details, "phone", lead.phone());
        put(details, "country", lead.country());
        put(details, "marketingConsent", String.valueOf(lead.marketingConsent()));
        return new LeadEngagement(identity.leadId(), Activity.FORM_SUBMITTED, lead.formType(), Map.copyOf(details),
                receivedAt, receivedAt);
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
