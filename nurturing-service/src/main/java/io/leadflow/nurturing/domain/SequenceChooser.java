package io.leadflow.nurturing.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.leadflow.nurturing.domain.SequenceDefinition.EntryCriteria;

/** Picks the sequence a lead enters: of those whose entry criteria it meets, the one of lowest priority (then id). */
public final class SequenceChooser {

    /** What the entry criteria look at. */
    public record LeadFacts(String temperature, String grade, String stage, String language, String source) {
    }

    private SequenceChooser() {
    }

    public static Optional<SequenceDefinition> choose(List<SequenceDefinition> sequences, LeadFacts lead) {
        return sequences.stream()
                .filter(s -> s.steps() != null && !s.steps().isEmpty())
                .filter(s -> fits(s.entryOrAny(), lead))
                .min(Comparator.comparingInt(SequenceDefinition::priorityOrDefault)
                        .thenComparing(SequenceDefinition::id));
    }

    static boolean fits(EntryCriteria entry, LeadFacts lead) {
        return accepts(entry.temperatures(), lead.temperature()) && accepts(entry.grades(), lead.grade())
                && accepts(entry.stages(), lead.stage()) && accepts(entry.languages(), lead.language())
                && accepts(entry.sources(), lead.source());
    }

    private static boolean accepts(List<String> allowed, String value) {
        if (allowed == null || allowed.isEmpty()) {
            return true;
        }
        return value != null && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value.strip().toLowerCase(Locale.ROOT)));
    }
}
