package io.leadflow.intake.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.leadflow.events.FormType;
import io.leadflow.events.Utm;
import io.leadflow.support.api.FieldError;

/**
 * Checks a submission and turns it into a clean lead: every error at once (each naming its field), values trimmed
 * and length-capped, the email lower-cased with its domain in ASCII, the country as its ISO code, the phone in E.164,
 * language and time zone derived from the country when absent.
 */
public final class SubmissionValidator {

    static final int MAX_NAME = 100;
    static final int MAX_TEXT = 200;
    static final int MAX_PHONE = 32;
    static final int MAX_URL = 2048;
    static final int MAX_ANSWERS = 30;
    static final int MAX_ANSWER = 1000;

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ().\\-]{4,32}$");
    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2}$");
    private static final Pattern SLUG = Pattern.compile("^[A-Za-z0-9_.\\-]{1,64}$");

    private final List<FieldError> errors = new ArrayList<>();

    private SubmissionValidator() {
    }

    /** A valid submission, cleaned; or the list of what is wrong with it. */
    public static Result validate(LeadSubmission s) {
        return validate(s, null);
    }

    /** As {@link #validate(LeadSubmission)}, with the source to use when the submission names none. */
    public static Result validate(LeadSubmission s, String defaultSource) {
        return new SubmissionValidator().check(s, defaultSource);
    }

    public record Result(ValidLead lead, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private Result check(LeadSubmission s, String defaultSource) {
        String email = normalizedEmail(required("email", s.email(), Emails.MAX_LENGTH));
        String firstName = optional("firstName", s.firstName(), MAX_NAME);
        String lastName = optional("lastName", s.lastName(), MAX_NAME);
        String company = optional("company", s.company(), MAX_TEXT);
        String website = optional("website", s.website(), MAX_URL);
        String jobTitle = optional("jobTitle", s.jobTitle(), MAX_TEXT);
        String country = required("country", s.country(), 64);
        if (country != null) {
            country = Countries.isoCode(country).orElse(null);
            if (country == null) {
                reject("country", "must be a country: an ISO 3166-1 code such as FR or US, or its English or French name");
            }
        }
        String phone = optional("phone", s.phone(), MAX_PHONE);
        if (phone != null) {
            if (!PHONE.matcher(phone).matches()) {
                reject("phone", "is not a phone number (digits, spaces, + ( ) . - only)");
                phone = null;
            } else if (country != null) {
                phone = PhoneNumbers.e164(phone, country).orElse(null);
                if (phone == null) {
                    reject("phone", "is not a valid phone number for " + s.country().strip());
                }
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
        String source = slug("source", defaultSource == null ? required("source", s.source(), 64)
                : Optional.ofNullable(optional("source", s.source(), 64)).orElse(defaultSource));
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
        Utm utm = utm(s.utm());
        Map<String, String> answers = answers(s.answers());
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new ValidLead(email, firstName, lastName, company, website, jobTitle, phone, country,
                language != null ? language : CountryDefaults.language(country),
                timeZone != null ? timeZone : CountryDefaults.timeZone(country),
                source, campaign, formType, s.marketingConsent(), consentTextVersion, utm, answers), List.of());
    }

    private String normalizedEmail(String email) {
        if (email == null) {
            return null;
        }
        return Emails.normalize(email).orElseGet(() -> {
            reject("email", "is not a valid email address");
            return null;
        });
    }

    private Utm utm(Utm utm) {
        if (utm == null) {
            return null;
        }
        Utm clean = new Utm(optional("utm.source", utm.source(), MAX_TEXT), optional("utm.medium", utm.medium(), MAX_TEXT),
                optional("utm.campaign", utm.campaign(), MAX_TEXT), optional("utm.term", utm.term(), MAX_TEXT),
                optional("utm.content", utm.content(), MAX_TEXT), optional("utm.referrer", utm.referrer(), MAX_URL));
        return clean.equals(new Utm(null, null, null, null, null, null)) ? null : clean;
    }

    private Map<String, String> answers(Map<String, String> answers) {
        if (answers == null || answers.isEmpty()) {
            return Map.of();
        }
        if (answers.size() > MAX_ANSWERS) {
            reject("answers", "may hold at most " + MAX_ANSWERS + " answers");
            return Map.of();
        }
        Map<String, String> clean = new TreeMap<>();
        answers.forEach((question, answer) -> {
            if (question == null || !SLUG.matcher(question).matches()) {
                reject("answers", "question names may contain only letters, digits, '_', '-' and '.' (64 at most)");
                return;
            }
            String value = optional("answers." + question, answer, MAX_ANSWER);
            if (value != null) {
                clean.put(question, value);
            }
        });
        return Map.copyOf(clean);
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
        // A line break inside a spreadsheet cell or a pasted value is a space in a one-line field.
        String trimmed = LINE_BREAKS.matcher(value).replaceAll(" ").strip();
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
