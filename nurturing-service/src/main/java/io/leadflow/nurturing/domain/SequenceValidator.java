package io.leadflow.nurturing.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.leadflow.events.Channel;
import io.leadflow.nurturing.domain.SequenceDefinition.EntryCriteria;
import io.leadflow.nurturing.domain.SequenceDefinition.Step;
import io.leadflow.support.api.FieldError;

/**
 * What makes a sequence usable, each problem named by its field: an id and a name, at least one step, delays that
 * never go back in time, windows that open before they close, email templates that render, entry criteria with
 * values that exist.
 */
public final class SequenceValidator {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Whether {@code id} has the form of a sequence id (anything else names no sequence). */
    public static boolean wellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }
    static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    static final Set<String> TEMPERATURES = Set.of("cold", "warm");
    static final Set<String> STAGES = Set.of("lead", "mql", "sql", "pql");
    static final int MAX_STEPS = 20;

    private SequenceValidator() {
    }

    /**
     * @param templateProblem why an email template cannot be used (missing, does not render), or empty when it can
     */
    public static List<FieldError> validate(SequenceDefinition sequence, Function<String, Optional<String>> templateProblem) {
        List<FieldError> errors = new ArrayList<>();
        if (sequence.id() == null || !ID.matcher(sequence.id()).matches()) {
            errors.add(new FieldError("id", "must be 1 to 64 lower-case letters, digits or dashes"));
        }
        if (sequence.name() == null || sequence.name().isBlank() || sequence.name().length() > 200) {
            errors.add(new FieldError("name", "is required, 200 characters at most"));
        }
        if (sequence.priority() != null && (sequence.priority() < 0 || sequence.priority() > 10_000)) {
            errors.add(new FieldError("priority", "must be between 0 and 10000"));
        }
        criteria(sequence.entryOrAny(), errors);
        List<Step> steps = sequence.steps();
        if (steps == null || steps.isEmpty()) {
            errors.add(new FieldError("steps", "a sequence needs at least one step"));
            return errors;
        }
        if (steps.size() > MAX_STEPS) {
            errors.add(new FieldError("steps", "at most " + MAX_STEPS + " steps"));
        }
        int previousDelay = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String at = "steps[" + i + "]";
            if (step == null) {
                errors.add(new FieldError(at, "is empty"));
                continue;
            }
            if (step.channel() == null) {
                errors.add(new FieldError(at + ".channel", "is required: email, call_task or linkedin_task"));
            }
            if (step.delayDays() == null || step.delayDays() < 0 || step.delayDays() > 365) {
                errors.add(new FieldError(at + ".delayDays", "is required, 0 to 365 business days"));
            } else if (step.delayDays() < previousDelay) {
                errors.add(new FieldError(at + ".delayDays", "comes before the previous step's (" + previousDelay + ")"));
            } else {
                previousDelay = step.delayDays();
            }
            if (step.window() != null && (step.window().start() == null || step.window().end() == null
                    || !step.window().start().isBefore(step.window().end()))) {
                errors.add(new FieldError(at + ".window", "needs a start before its end (HH:mm, the lead's local time)"));
            }
            if (step.template() == null || !TEMPLATE.matcher(step.template()).matches()) {
                errors.add(new FieldError(at + ".template", "is required: lower-case letters, digits or dashes"));
            } else if (step.channel() == Channel.EMAIL) {
                templateProblem.apply(step.template())
                        .ifPresent(problem -> errors.add(new FieldError(at + ".template", problem)));
            }
        }
        return errors;
    }

    private static void criteria(EntryCriteria entry, List<FieldError> errors) {
        check(entry.temperatures(), "entry.temperatures", v -> TEMPERATURES.contains(lower(v)),
                "cold or warm (hot leads go to the reps)", errors);
        check(entry.grades(), "entry.grades", v -> v.length() <= 8 && !v.isBlank(), "a grade such as A or B", errors);
        check(entry.stages(), "entry.stages", v -> STAGES.contains(lower(v)), "lead, mql, sql or pql", errors);
        check(entry.languages(), "entry.languages", v -> LANGUAGE.matcher(v).matches(),
                "an ISO 639-1 code such as en or fr", errors);
        check(entry.sources(), "entry.sources", v -> SOURCE.matcher(v).matches(), "a source such as website",
                errors);
    }

    private static void check(List<String> values, String field, java.util.function.Predicate<String> valid,
            String expected, List<FieldError> errors) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !valid.test(value)) {
                errors.add(new FieldError(field + "[" + i + "]", "'" + value + "' is not " + expected));
            }
        }
    }

    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
