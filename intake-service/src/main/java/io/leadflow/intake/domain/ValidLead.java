package io.leadflow.intake.domain;

import java.util.Map;

import io.leadflow.events.FormType;
import io.leadflow.events.Utm;

/** A submission that passed validation, in its normalized form (email lower-cased and ASCII, phone in E.164). */
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
        String consentTextVersion,
        Utm utm,
        Map<String, String> answers) {
}
