package io.leadflow.intake.domain;

import java.util.Map;

import io.leadflow.events.Utm;

/**
 * A lead as a client posts it to {@code POST /api/v1/leads} (and as forms, webhooks and imports map theirs). Unknown
 * properties are refused at the HTTP boundary, so a caller can never set what Leadflow decides (a score, an owner, a
 * status). {@code answers} holds qualification answers (BANT, MEDDIC) when the form asks them.
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
        String consentTextVersion,
        Utm utm,
        Map<String, String> answers) {
}
