package io.leadflow.intake.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.leadflow.events.FormType;
import io.leadflow.support.api.FieldError;

/**
 * Checks a submission and turns it into a clean lead: every error at once (each naming its field), values trimmed,
 * the email lower-cased, the country upper-cased, language and time zone derived from the country when absent.
 */
public final class SubmissionValidator {

    static final int MAX_EMAIL = 254;
    static final int MAX_NAME = 100;
    static final int MAX_TEXT = 200;
    static final int MAX_PHONE = 32;
    static final int MAX_URL = 2048;

    private static final Pattern EMAIL = Pattern.compile(
            "^[\\p{L}0-9.!#$%&'*+/=?^_`{|}~-]+@[\\p{L}0-9](?:[\\p{L}0-9-]{0,61}[\\p{L}0-9])?"
                    + "(?:\\.[\\p{L}0-9](?:[\\p{L}0-9-]{0,61}[\\p{L}0-9])?)+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ().\\-]{4,32}$");
    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2}$");
    private static final Pattern SLUG = Pattern.compile("^[A-Za-z0-9_.\\-]{1,64}$");

    private final List<FieldError> errors = new ArrayList<>();

    private SubmissionValidator() {
    }

    /** A valid submission, cleaned; or the list of what is wrong with it. */
    public static Result validate(LeadSubmission s) {
        return new SubmissionValidator().check(s);
    }

    public record Result(ValidLead lead, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private Result check(LeadSubmission s) {
        String email = required("email", s.email(), MAX_EMAIL);
        if (email != null) {
            email = email.toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                reject("email", "is not a valid email address");
            }
        }
        String firstName = optional("firstName", s.firstName(), MAX_NAME);
        String lastName = optional("lastName", s.lastName(), MAX_NAME);
        String company = optional("company", s.company(), MAX_TEXT);
        String website = optional("website", s.website(), MAX_URL);
        String jobTitle = optional("jobTitle", s.jobTitle(), MAX_TEXT);
        String phone = optional("phone", s.phone(), MAX_PHONE);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            reject("phone", "is not a phone number (digits, spaces, + ( ) . - only)");
        }
        String country = required("country", s.country(), 2);
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!CountryDefaults.isIsoCountry(country)) {
                reject("country", "must be an ISO 3166-1 alpha-2 country code such as FR or US");
            }
        }
        String language = optional("language", s.language(), 2);
        if (language != null) {
            language = language.toLowerCase(Locale.ROOT);
            if (!LANGUAGE.matcher(language).matches()) {
                reject("language", "must be an ISO 639-1 language code such as fr or en");
            }
        }
        String timeZone = optional("timeZone", s.timeZone(), 64);
        if (timeZone != null) {
            try {
                timeZone = ZoneId.of(timeZone).getId();
            } catch (DateTimeException e) {
                reject("timeZone", "is not a known time zone such as Europe/Paris");
            }
        }
        String source = slug("source", required("source", s.source(), 64));
        String campaign = slug("campaign", optional("campaign", s.campaign(), 64));
        String consentTextVersion = optional("consentTextVersion", s.consentTextVersion(), 64);
        FormType formType = null;
        String formTypeText = required("formType", s.formType(), 32);
        if (formTypeText != null) {
            try {
                formType = FormType.fromWire(formTypeText);
            } catch (IllegalArgumentException e) {
                reject("formType", "must be one of demo_request, quote_request, content_download, newsletter, contact");
            }
        }
        if (s.marketingConsent() == null) {
            reject("marketingConsent", "is required: true or false, as the person answered");
        }
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new ValidLead(email, firstName, lastName, company, website, jobTitle, phone, country,
                language != null ? language : CountryDefaults.language(country),
                timeZone != null ? timeZone : CountryDefaults.timeZone(country),
                source, campaign, formType, s.marketingConsent(), consentTextVersion), List.of());
    }

    private String required(String field, String value, int maxLength) {
        String trimmed = optional(field, value, maxLength);
        if (trimmed == null && (value == null || value.isBlank())) {
            reject(field, "is required");
        }
        return trimmed;
    }

    private String optional(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c))) {
            reject(field, "must not contain control characters");
            return null;
        }
        return trimmed;
    }

    private String slug(String field, String value) {
        if (value != null && !SLUG.matcher(value).matches()) {
            reject(field, "may contain only letters, digits, '_', '-' and '.'");
            return null;
        }
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
