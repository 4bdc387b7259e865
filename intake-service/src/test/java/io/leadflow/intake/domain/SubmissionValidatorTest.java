package io.leadflow.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.leadflow.events.FormType;
import io.leadflow.support.api.FieldError;

class SubmissionValidatorTest {

    static LeadSubmission submission(String email, String country, String formType) {
        return new LeadSubmission(email, "  Claire ", "Martin", "Acme SAS", null, "Directrice commerciale",
                "+33 6 12 34 56 78", country, null, null, "website", "Q4-Pricing", formType, true, "2026-01");
    }

    @Test
    void normalizesAndDerivesLanguageAndTimeZoneFromTheCountry() {
        SubmissionValidator.Result result = SubmissionValidator.validate(
                submission("  Claire.Martin@ACME.fr ", "fr", "quote_request"));

        assertThat(result.errors()).isEmpty();
        ValidLead lead = result.lead();
        assertThat(lead.email()).isEqualTo("claire.martin@acme.fr");
        assertThat(lead.firstName()).isEqualTo("Claire");
        assertThat(lead.country()).isEqualTo("FR");
        assertThat(lead.language()).isEqualTo("fr");
        assertThat(lead.timeZone()).isEqualTo("Europe/Paris");
        assertThat(lead.campaign()).isEqualTo("q4-pricing");
        assertThat(lead.formType()).isEqualTo(FormType.QUOTE_REQUEST);
    }

    @Test
    void keepsAnExplicitLanguageAndTimeZone() {
        LeadSubmission s = new LeadSubmission("a@b.io", null, null, null, null, null, null, "CA", "FR",
                "America/Montreal", "website", null, "contact", false, null);

        ValidLead lead = SubmissionValidator.validate(s).lead();

        assertThat(lead.language()).isEqualTo("fr");
        assertThat(lead.timeZone()).isEqualTo("America/Montreal");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        LeadSubmission s = new LeadSubmission("not-an-email", "x".repeat(101), null, null, null, null, "call me",
                "France", null, "Mars/Olympus", null, null, "fax", null, null);

        SubmissionValidator.Result result = SubmissionValidator.validate(s);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "email", "firstName", "phone", "country", "timeZone", "source", "formType", "marketingConsent");
    }

    @Test
    void requiresTheEssentials() {
        LeadSubmission empty = new LeadSubmission(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        assertThat(SubmissionValidator.validate(empty).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("email", "country", "source", "formType", "marketingConsent");
    }
}
