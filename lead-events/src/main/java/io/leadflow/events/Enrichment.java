package io.leadflow.events;

import java.time.LocalDate;

/**
 * What scoring derived about a lead: its company domain (from the email, or the website for a free-mail address),
 * free-mail and disposable-address flags, seniority and department from the job title, and the company's
 * firmographics when scoring knows the domain. {@code source} says where the firmographics came from:
 * {@code reference} (scoring's table), {@code provider} (the external enrichment provider) or {@code none}.
 */
public record Enrichment(
        String domain,
        boolean freeMail,
        boolean disposable,
        String seniority,
        String department,
        String companyName,
        String industry,
        Integer employees,
        String employeeBand,
        Long annualRevenue,
        String companyCountry,
        String fundingStage,
        LocalDate fundedOn,
        boolean recentNews,
        String source) {

    /** An enrichment of the email and title only, without firmographics. */
    public Enrichment(String domain, boolean freeMail, String seniority, String department, String industry,
            Integer employees) {
        this(domain, freeMail, false, seniority, department, null, industry, employees, null, null, null, null, null,
                false, industry == null && employees == null ? "none" : "reference");
    }
}
