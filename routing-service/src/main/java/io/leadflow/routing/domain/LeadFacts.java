package io.leadflow.routing.domain;

import io.leadflow.events.LeadScored;

/** What routing rules and reps' territories look at in a lead. */
public record LeadFacts(String country, String language, String source, String grade, int score, String industry,
        Integer employees, String domain) {

    public static LeadFacts of(LeadScored scored) {
        var lead = scored.lead();
        var enrichment = scored.enrichment();
        return new LeadFacts(upper(lead.country()), lower(lead.language()), lower(lead.source()), scored.grade(),
                scored.score(), enrichment == null ? null : lower(enrichment.industry()),
                enrichment == null ? null : enrichment.employees(),
                enrichment == null || enrichment.freeMail() ? null : lower(enrichment.domain()));
    }

    /** The lead's employee band, as rules name it. */
    public String employeeBand() {
        return EmployeeBand.of(employees);
    }

    static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(java.util.Locale.ROOT);
    }

    static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
