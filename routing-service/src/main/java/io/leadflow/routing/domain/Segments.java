package io.leadflow.routing.domain;

import java.util.List;

/**
 * The segments a rep covers: company sizes (employee bands, as rules name them) and industries. An empty list covers
 * all; a lead whose size or industry is unknown only reaches reps who cover {@code unknown} sizes or every industry.
 */
public record Segments(List<String> employeeBands, List<String> industries) {

    public static final Segments ANY = new Segments(List.of(), List.of());

    public Segments {
        employeeBands = employeeBands == null ? List.of() : List.copyOf(employeeBands);
        industries = industries == null ? List.of() : List.copyOf(industries);
    }

    /** Empty when the rep covers the lead's segment, else why not. */
    public java.util.Optional<String> whyNot(LeadFacts lead) {
        if (!employeeBands.isEmpty() && !employeeBands.contains(lead.employeeBand())) {
            return java.util.Optional.of("segment does not cover " + lead.employeeBand() + " employees");
        }
        if (!industries.isEmpty() && (lead.industry() == null || !industries.contains(lead.industry()))) {
            return java.util.Optional.of("segment does not cover industry " + lead.industry());
        }
        return java.util.Optional.empty();
    }
}
