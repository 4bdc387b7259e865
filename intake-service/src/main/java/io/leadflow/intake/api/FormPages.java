package io.leadflow.intake.api;

import java.util.List;
import java.util.Map;

import io.leadflow.support.api.FieldError;

/** The page a person sees when their form needs fixing, and the usual names of form fields. */
final class FormPages {

    private static final Map<String, String> LEAD_FIELDS = Map.ofEntries(
            Map.entry("email", "email"), Map.entry("first_name", "firstName"), Map.entry("firstName", "firstName"),
            Map.entry("last_name", "lastName"), Map.entry("lastName", "lastName"), Map.entry("company", "company"),
            Map.entry("website", "website"), Map.entry("job_title", "jobTitle"), Map.entry("jobTitle", "jobTitle"),
            Map.entry("phone", "phone"), Map.entry("country", "country"), Map.entry("language", "language"),
            Map.entry("time_zone", "timeZone"), Map.entry("timeZone", "timeZone"), Map.entry("campaign", "campaign"),
            Map.entry("marketing_consent", "marketingConsent"), Map.entry("marketingConsent", "marketingConsent"),
            Map.entry("utm_source", "utm_source"), Map.entry("utm_medium", "utm_medium"),
            Map.entry("utm_campaign", "utm_campaign"), Map.entry("utm_term", "utm_term"),
            Map.entry("utm_content", "utm_content"));

    private static final Map<String, String> LABELS = Map.of("email", "Email", "firstName", "First name",
            "lastName", "Last name", "company", "Company", "jobTitle", "Job title", "phone", "Phone", "country",
            "Country", "website", "Website");

    private FormPages() {
    }

    /** The lead field a form field of this name fills, or null for fields Leadflow ignores. */
    static String leadFieldOf(String formField) {
        return LEAD_FIELDS.get(formField);
    }

    static String invalid(List<FieldError> errors, String backTo) {
        StringBuilder items = new StringBuilder();
        for (FieldError error : errors) {
            items.append("<li><strong>").append(escape(LABELS.getOrDefault(error.field(), error.field())))
                    .append("</strong> ").append(escape(error.message())).append("</li>");
        }
        String back = backTo != null && FormResource.originOf(backTo) != null
                ? "<p><a href=\"" + escape(backTo) + "\">Back to the form</a></p>"
                : "<p>Please go back to the form and correct it.</p>";
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Please check the form</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<h1>Please check the form</h1><p>Some answers need a change before we can take them:</p><ul>"
                + items + "</ul>" + back + "</body></html>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
