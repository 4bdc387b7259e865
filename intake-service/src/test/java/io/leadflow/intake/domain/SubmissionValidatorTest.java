package io.leadflow.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.leadflow.events.FormType;
import io.leadflow.events.Utm;
import io.leadflow.support.api.FieldError;

class SubmissionValidatorTest {

    static LeadSubmission submission(String email, String country, String formType) {
        return new LeadSubmission(email, "  Claire ", "Martin", "Acme SAS", null, "Directrice commerciale",
                "06 12 34 56 78", country, null, null, "website", "Q4-Pricing", formType, true, "2026-01", null, null);
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
        assertThat(lead.phone()).isEqualTo("+33612345678");
    }

    @Test
    void readsCountryNamesInEnglishAndFrenchAndInternationalDomains() {
        LeadSubmission s = new LeadSubmission("Jürgen@Müller-Gmbh.DE", null, null, null, null, null, "030 123456",
                "Allemagne", null, null, "website", null, "contact", true, null,
                new Utm("google", "cpc", "q4", null, null, "https://www.google.com/"), Map.of("budget", " 50k "));

        SubmissionValidator.Result result = SubmissionValidator.validate(s);

        assertThat(result.errors()).isEmpty();
        ValidLead lead = result.lead();
        assertThat(lead.country()).isEqualTo("DE");
        assertThat(lead.email()).isEqualTo("jürgen@xn--mller-gmbh-9db.de");
        assertThat(lead.phone()).isEqualTo("+4930123456");
        assertThat(lead.utm().referrer()).isEqualTo("https://www.google.com/");
        assertThat(lead.answers()).containsEntry("budget", "50k");
        LeadSubmission british = new LeadSubmission("a@b.io", null, null, null, null, null, "020 7946 0018",
                "United Kingdom", null, null, "website", null, "contact", true, null, null, null);
        assertThat(SubmissionValidator.validate(british).lead().country()).isEqualTo("GB");
    }

    @Test
    void aPhoneThatCannotExistInTheCountryIsRefused() {
        LeadSubmission s = new LeadSubmission("a@b.io", null, null, null, null, null, "+33 1", "FR", null, null,
                "website", null, "contact", true, null, null, null);

        assertThat(SubmissionValidator.validate(s).errors()).extracting(FieldError::field).containsExactly("phone");
    }

    @Test
    void theCallersSourceIsTheDefault() {
        LeadSubmission s = new LeadSubmission("a@b.io", null, null, null, null, null, null, "FR", null, null,
                null, null, "contact", true, null, null, null);

        assertThat(SubmissionValidator.validate(s, "partner").lead().source()).isEqualTo("partner");
        assertThat(SubmissionValidator.validate(s).errors()).extracting(FieldError::field).containsExactly("source");
    }

    @Test
    void keepsAnExplicitLanguageAndTimeZone() {
        LeadSubmission s = new LeadSubmission("a@b.io", null, null, null, null, null, null, "CA", "FR",
                "America/Montreal", "website", null, "contact", false, null, null, null);

        ValidLead lead = SubmissionValidator.validate(s).lead();

        assertThat(lead.language()).isEqualTo("fr");
        assertThat(lead.timeZone()).isEqualTo("America/Montreal");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        LeadSubmission s = new LeadSubmission("not-an-email", "x".repeat(101), null, null, null, null, "call me",
                "Atlantis", null, "Mars/Olympus", null, null, "fax", null, null, null, Map.of("bad key!", "x"));

        SubmissionValidator.Result result = SubmissionValidator.validate(s);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "email", "firstName", "phone", "country", "timeZone", "source", "formType", "marketingConsent",
                "answers");
    }

    @Test
    void requiresTheEssentials() {
        LeadSubmission empty = new LeadSubmission(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);

        assertThat(SubmissionValidator.validate(empty).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("email", "country", "source", "formType", "marketingConsent");
    }
}
