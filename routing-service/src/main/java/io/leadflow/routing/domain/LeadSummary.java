package io.leadflow.routing.domain;

import io.leadflow.events.LeadScored;

/** What a rep sees of a lead before opening it: enough to call. */
public record LeadSummary(String name, String company, String title, String country, String phone, String email) {

    public static LeadSummary of(LeadScored scored) {
        var contact = scored.lead().contact();
        String name = contact == null ? null
                : String.join(" ", java.util.stream.Stream.of(contact.firstName(), contact.lastName())
                        .filter(part -> part != null && !part.isBlank()).toList());
        return new LeadSummary(name == null || name.isEmpty() ? null : name,
                scored.lead().company() == null ? null : scored.lead().company().name(),
                contact == null ? null : contact.jobTitle(),
                scored.lead().country(),
                contact == null ? null : contact.phone(),
                contact == null ? null : contact.email());
    }
}
