package io.leadflow.intake.domain;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.leadflow.events.Activity;
import io.leadflow.intake.domain.EngagementIntake.ValidEngagement;
import io.leadflow.support.api.FieldError;

/** Checks posted activities: a lead id or an email, a known activity, a sensible time, small details. */
public final class EngagementValidator {

    static final int MAX_DETAILS = 20;
    static final int MAX_DETAIL = 500;
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private EngagementValidator() {
    }

    public record Result(List<ValidEngagement> engagements, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** {@code prefix} names the item in errors ({@code [2].email} for the third of a batch, nothing for one). */
    public static Result validate(List<EngagementSubmission> items, boolean batch, Clock clock) {
        List<ValidEngagement> valid = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = batch ? "[" + i + "]." : "";
            EngagementSubmission item = items.get(i);
            if (item == null) {
                errors.add(new FieldError(batch ? "[" + i + "]" : "$", "must be an object"));
                continue;
            }
            int before = errors.size();
            UUID leadId = null;
            if (item.leadId() != null) {
                try {
                    leadId = UUID.fromString(item.leadId().strip());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(prefix + "leadId", "is not a lead id (a UUID)"));
                }
            }
            String email = null;
            if (item.email() != null) {
                email = Emails.normalize(item.email()).orElse(null);
                if (email == null) {
                    errors.add(new FieldError(prefix + "email", "is not a valid email address"));
                }
            }
            if (item.leadId() == null && email == null) {
                errors.add(new FieldError(prefix + "leadId", "or email is required"));
            }
            Activity activity = null;
            if (item.activity() == null) {
                errors.add(new FieldError(prefix + "activity", "is required"));
            } else {
                try {
                    activity = Activity.fromWire(item.activity());
                    if (activity == Activity.FORM_SUBMITTED) {
                        errors.add(new FieldError(prefix + "activity",
                                "form_submitted comes from a form submission; post the form to /api/v1/leads"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(prefix + "activity", "is not a known activity"));
                }
            }
            Instant occurredAt = null;
            if (item.occurredAt() != null) {
                try {
                    occurredAt = Instant.parse(item.occurredAt().strip());
                    if (occurredAt.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
                        errors.add(new FieldError(prefix + "occurredAt", "is in the future"));
                    }
                } catch (DateTimeException e) {
                    errors.add(new FieldError(prefix + "occurredAt", "must be an ISO-8601 instant such as 2026-11-26T10:15:30Z"));
                }
            }
            Map<String, String> details = new TreeMap<>();
            if (item.details() != null) {
                if (item.details().size() > MAX_DETAILS) {
                    errors.add(new FieldError(prefix + "details", "may hold at most " + MAX_DETAILS + " entries"));
                } else {
                    item.details().forEach((key, value) -> {
                        if (key == null || key.length() > 64 || value == null || value.length() > MAX_DETAIL) {
                            errors.add(new FieldError(prefix + "details." + key,
                                    "keys are at most 64 characters, values at most " + MAX_DETAIL));
                        } else {
                            details.put(key, value);
                        }
                    });
                }
            }
            if (errors.size() == before) {
                valid.add(new ValidEngagement(leadId, email, activity, occurredAt, Map.copyOf(details)));
            }
        }
        return new Result(errors.isEmpty() ? valid : List.of(), List.copyOf(errors));
    }
}
