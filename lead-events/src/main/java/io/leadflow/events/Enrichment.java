package io.leadflow.events;

/** What scoring derived about a lead: company domain, free-mail or not, seniority and department from the title. */
public record Enrichment(String domain, boolean freeMail, String seniority, String department, String industry,
        Integer employees) {
}
