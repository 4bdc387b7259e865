package io.leadflow.intake.domain;

import io.leadflow.events.FormType;

/** A submission that passed validation, in its normalized form. */
public record ValidLead(
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
        FormType formType,
        boolean marketingConsent,
        String consentTextVersion) {
}
