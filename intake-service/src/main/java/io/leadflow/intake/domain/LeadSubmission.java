package io.leadflow.intake.domain;

/**
 * A lead as a client posts it to {@code POST /api/v1/leads}. Unknown properties are refused at the HTTP boundary, so a
 * caller can never set what Leadflow decides (a score, an owner, a status).
 */
public record LeadSubmission(
        String email,
        String firstName,
        String lastName,
        String company,
        String website,
        String jobTitle,
        String phone,
        String country,
        String language,
        String timeZone,
        String source,
        String campaign,
        String formType,
        Boolean marketingConsent,
        String consentTextVersion) {
}
