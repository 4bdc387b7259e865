package io.leadflow.routing.domain;

import java.util.List;
import java.util.Locale;

/**
 * What a routing rule asks of a lead. Every list that is not empty must contain the lead's value (countries are
 * ISO codes, compared upper case; everything else lower case); scores are inclusive bounds. No condition at all
 * matches every lead, which makes a catch-all last rule.
 */
public record RuleConditions(List<String> countries, List<String> employeeBands, List<String> industries,
        List<String> sources, List<String> grades, Integer minScore, Integer maxScore, List<String> languages) {

    public RuleConditions {
        countries = normalized(countries, true);
        employeeBands = normalized(employeeBands, false);
        industries = normalized(industries, false);
        sources = normalized(sources, false);
        grades = normalized(grades, true);
        languages = normalized(languages, false);
    }

    public static RuleConditions any() {
        return new RuleConditions(null, null, null, null, null, null, null, null);
    }

    public boolean matches(LeadFacts lead) {
        return in(countries, lead.country())
                && in(employeeBands, lead.employeeBand())
                && in(industries, lead.industry())
                && in(sources, lead.source())
                && in(grades, lead.grade())
                && (minScore == null || lead.score() >= minScore)
                && (maxScore == null || lead.score() <= maxScore)
                && in(languages, lead.language());
    }

    private static boolean in(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    private static List<String> normalized(List<String> values, boolean upper) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> upper ? v.trim().toUpperCase(Locale.ROOT) : v.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
