package io.leadflow.scoring.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.leadflow.events.Activity;
import io.leadflow.events.FormType;

/**
 * A rule set as marketing writes it (YAML): the ideal customer profile, points per engagement with their caps, intent,
 * qualification answers, thresholds and grades. {@link #parse} rejects unknown keys and values that make no sense,
 * naming the field, so a typo never silently scores every lead differently.
 */
public record RuleSetDefinition(
        String version,
        String description,
        Thresholds thresholds,
        Grades grades,
        Integer engagementHalfLifeDays,
        Fit fit,
        Map<String, Integer> forms,
        Map<String, Points> engagement,
        Intent intent,
        List<Qualification> qualification) {

    public static final int MAX_YAML_CHARS = 200_000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public record Thresholds(int hot, int warm) {
    }

    public record Grades(@JsonProperty("A") int a, @JsonProperty("B") int b, @JsonProperty("C") int c) {
    }

    public record Fit(EmailPoints email, Map<String, Integer> seniority, Map<String, Integer> departments,
            Map<String, Integer> industries, List<EmployeeBand> employeeBands, List<RevenueBand> annualRevenue,
            Map<String, Integer> countries, RecentFunding recentFunding, Integer recentNews, Competitor competitor) {
    }

    public record EmailPoints(int business, int freeMail, int disposable) {
    }

    /** Employees from {@code min} to {@code max} inclusive; no {@code max}: and above. */
    public record EmployeeBand(String band, int min, Integer max, int points) {

        boolean contains(int employees) {
            return employees >= min && (max == null || employees <= max);
        }
    }

    public record RevenueBand(long min, int points, String label) {
    }

    public record RecentFunding(int withinDays, int points) {
    }

    public record Competitor(int points, List<String> domains) {
    }

    /** Points per occurrence, and the most they may add up to for one lead (null: no cap). */
    public record Points(int points, Integer cap) {
    }

    public record Intent(PricingPage pricingPage, RepeatedVisits repeatedVisits) {
    }

    public record PricingPage(String urlContains, int points, Integer cap) {
    }

    public record RepeatedVisits(int visits, int withinDays, int points) {
    }

    /** A form answer ({@code field}) that earns {@code points} when it is one of {@code values}. */
    public record Qualification(String field, List<String> values, int points, String reason) {
    }

    /** A field of the rule set that is wrong, and why. */
    public record Violation(String field, String message) {
    }

    /** The rule set cannot be used; every violation found is listed. */
    public static class InvalidRuleSetException extends RuntimeException {

        private final transient List<Violation> violations;

        public InvalidRuleSetException(List<Violation> violations) {
            super("Invalid rule set: " + violations);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** Reads and checks a rule set; throws {@link InvalidRuleSetException} naming each wrong field. */
    public static RuleSetDefinition parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidRuleSetException(List.of(new Violation("", "the rule set is empty")));
        }
        if (yaml.length() > MAX_YAML_CHARS) {
            throw new InvalidRuleSetException(List.of(new Violation("",
                    "the rule set is longer than " + MAX_YAML_CHARS + " characters")));
        }
        RuleSetDefinition definition;
        try {
            definition = YAML.readValue(yaml, RuleSetDefinition.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRuleSetException(List.of(new Violation(path(e), "unknown key '" + e.getPropertyName()
                    + "'")));
        } catch (JsonMappingException e) {
            throw new InvalidRuleSetException(List.of(new Violation(path(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidRuleSetException(List.of(new Violation("", "not valid YAML: " + e.getOriginalMessage())));
        }
        if (definition == null) {
            throw new InvalidRuleSetException(List.of(new Violation("", "the rule set is empty")));
        }
        List<Violation> violations = definition.violations();
        if (!violations.isEmpty()) {
            throw new InvalidRuleSetException(violations);
        }
        return definition;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private List<Violation> violations() {
        List<Violation> v = new ArrayList<>();
        if (version == null || !VERSION.matcher(version).matches()) {
            v.add(new Violation("version", "required: letters, digits, '.', '_' or '-', at most 64"));
        }
        if (thresholds == null) {
            v.add(new Violation("thresholds", "required (hot and warm)"));
        } else if (thresholds.warm() >= thresholds.hot()) {
            v.add(new Violation("thresholds.warm", "must be below thresholds.hot"));
        }
        if (grades == null) {
            v.add(new Violation("grades", "required (A, B and C)"));
        } else if (!(grades.a() > grades.b() && grades.b() > grades.c())) {
            v.add(new Violation("grades", "A must start above B, and B above C"));
        }
        if (engagementHalfLifeDays == null || engagementHalfLifeDays < 1 || engagementHalfLifeDays > 3650) {
            v.add(new Violation("engagementHalfLifeDays", "required, from 1 to 3650"));
        }
        if (forms != null) {
            forms.keySet().forEach(key -> known(v, "forms." + key, key, wires(FormType.values())));
        }
        if (engagement != null) {
            engagement.forEach((key, points) -> {
                known(v, "engagement." + key, key, wires(Activity.values()).stream()
                        .filter(w -> !w.equals(Activity.FORM_SUBMITTED.wire())).toList());
                cap(v, "engagement." + key, points == null ? null : points.points(),
                        points == null ? null : points.cap());
            });
        }
        if (fit != null) {
            if (fit.seniority() != null) {
                fit.seniority().keySet().forEach(key -> known(v, "fit.seniority." + key, key,
                        Arrays.stream(Seniority.values()).map(Seniority::label).toList()));
            }
            if (fit.departments() != null) {
                fit.departments().keySet().forEach(key -> known(v, "fit.departments." + key, key,
                        Arrays.stream(Department.values()).map(Department::label).toList()));
            }
            List<EmployeeBand> bands = fit.employeeBands() == null ? List.of() : fit.employeeBands();
            for (int i = 0; i < bands.size(); i++) {
                EmployeeBand band = bands.get(i);
                if (band.band() == null || band.band().isBlank()) {
                    v.add(new Violation("fit.employeeBands[" + i + "].band", "required: the band's name"));
                }
                if (band.min() < 0 || (band.max() != null && band.max() < band.min())) {
                    v.add(new Violation("fit.employeeBands[" + i + "]", "min must be at least 0 and max at least min"));
                }
            }
            if (fit.recentFunding() != null && fit.recentFunding().withinDays() < 1) {
                v.add(new Violation("fit.recentFunding.withinDays", "must be at least 1"));
            }
        }
        if (intent != null) {
            if (intent.pricingPage() != null) {
                if (intent.pricingPage().urlContains() == null || intent.pricingPage().urlContains().isBlank()) {
                    v.add(new Violation("intent.pricingPage.urlContains", "required: the text a pricing URL holds"));
                }
                cap(v, "intent.pricingPage", intent.pricingPage().points(), intent.pricingPage().cap());
            }
            if (intent.repeatedVisits() != null
                    && (intent.repeatedVisits().visits() < 2 || intent.repeatedVisits().withinDays() < 1)) {
                v.add(new Violation("intent.repeatedVisits", "visits must be at least 2 and withinDays at least 1"));
            }
        }
        List<Qualification> answers = qualification == null ? List.of() : qualification;
        for (int i = 0; i < answers.size(); i++) {
            Qualification q = answers.get(i);
            if (q.field() == null || q.field().isBlank()) {
                v.add(new Violation("qualification[" + i + "].field", "required: the form answer's name"));
            }
            if (q.values() == null || q.values().isEmpty()) {
                v.add(new Violation("qualification[" + i + "].values", "required: at least one answer"));
            }
        }
        return v;
    }

    private static void known(List<Violation> v, String field, String key, List<String> allowed) {
        if (!allowed.contains(key)) {
            v.add(new Violation(field, "unknown; one of " + allowed));
        }
    }

    private static void cap(List<Violation> v, String field, Integer points, Integer cap) {
        if (points != null && cap != null && Integer.signum(cap) != Integer.signum(points) && cap != 0) {
            v.add(new Violation(field + ".cap", "must have the sign of its points"));
        }
        if (points != null && cap != null && Math.abs(cap) < Math.abs(points)) {
            v.add(new Violation(field + ".cap", "must be at least the points of one occurrence"));
        }
    }

    /** The values a rule may name: UNKNOWN is what a newer producer's value reads as, not a value to price. */
    private static List<String> wires(Enum<?>[] values) {
        return Arrays.stream(values).filter(e -> !e.name().equals("UNKNOWN"))
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
