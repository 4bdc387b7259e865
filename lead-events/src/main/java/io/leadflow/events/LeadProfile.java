package io.leadflow.events;

import java.time.Instant;

/**
 * What Leadflow knows about a lead from its submission. Travels on {@code lead.received.v1} and, as part of the
 * snapshot, on {@code lead.scored.v1}, so downstream services need nothing else. {@code receivedAt} is stamped by
 * intake and starts every latency figure.
 */
public record LeadProfile(
        Contact contact,
        Company company,
        String country,
        String language,
        String timeZone,
        String source,
        String campaign,
        Utm utm,
        Consent consent,
        Instant receivedAt) {
}
