package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.nurturing.domain.SequenceDefinition;
import io.leadflow.nurturing.domain.SequenceDefinition.EntryCriteria;
import io.leadflow.nurturing.domain.SequenceDefinition.Step;
import io.leadflow.nurturing.domain.SequenceDefinition.Window;
import io.smallrye.mutiny.Uni;

/** Sequences and their steps as definitions, read and written inside the caller's session or transaction. */
@ApplicationScoped
public class Sequences {

    public Uni<List<SequenceDefinition>> all() {
        return NurtureSequence.<NurtureSequence> listAll()
                .chain(rows -> SequenceStep.<SequenceStep> list("order by sequenceId, position").map(steps -> {
                    Map<String, List<SequenceStep>> bySequence = steps.stream()
                            .collect(Collectors.groupingBy(s -> s.sequenceId));
                    return rows.stream().map(row -> definition(row, bySequence.getOrDefault(row.id, List.of())))
                            .sorted(java.util.Comparator.comparing(SequenceDefinition::id)).toList();
                }));
    }

    public Uni<SequenceDefinition> byId(String id) {
        return NurtureSequence.<NurtureSequence> findById(id).chain(row -> row == null ? Uni.createFrom().nullItem()
                : SequenceStep.of(id).map(steps -> definition(row, steps)));
    }

    /** Creates or replaces a sequence and its steps; true when it is new. */
    public Uni<Boolean> save(SequenceDefinition definition, Instant now) {
        return NurtureSequence.<NurtureSequence> findById(definition.id()).chain(found -> {
            NurtureSequence row = found != null ? found : new NurtureSequence();
            row.id = definition.id();
            row.name = definition.name();
            row.priority = definition.priorityOrDefault();
            EntryCriteria entry = definition.entryOrAny();
            row.temperatures = joined(entry.temperatures());
            row.grades = joined(entry.grades());
            row.stages = joined(entry.stages());
            row.languages = joined(entry.languages());
            row.sources = joined(entry.sources());
            row.updatedAt = now;
            Uni<?> stored = found != null ? Uni.createFrom().item(row) : row.persist();
            // Enrollments already running keep the touches planned for them; the new steps apply to the next ones.
            return stored.chain(() -> SequenceStep.delete("sequenceId", definition.id()))
                    .chain(() -> SequenceStep.persist(steps(definition)))
                    .replaceWith(found == null);
        });
    }

    /** Stores a shipped default unless a sequence of that id exists (an operator's changes win over defaults). */
    public Uni<Boolean> addIfAbsent(SequenceDefinition definition, Instant now) {
        return NurtureSequence.<NurtureSequence> findById(definition.id())
                .chain(found -> found != null ? Uni.createFrom().item(false) : save(definition, now));
    }

    private static List<SequenceStep> steps(SequenceDefinition definition) {
        List<Step> steps = definition.steps();
        return java.util.stream.IntStream.range(0, steps.size()).mapToObj(i -> {
            Step step = steps.get(i);
            SequenceStep row = new SequenceStep();
            row.sequenceId = definition.id();
            row.position = i + 1;
            row.channel = step.channel();
            row.delayDays = step.delayDays();
            row.template = step.template();
            row.windowStart = step.window() == null ? java.time.LocalTime.of(9, 0) : step.window().start();
            row.windowEnd = step.window() == null ? java.time.LocalTime.of(17, 0) : step.window().end();
            return row;
        }).toList();
    }

    static SequenceDefinition definition(NurtureSequence row, List<SequenceStep> steps) {
        return new SequenceDefinition(row.id, row.name, row.priority,
                new EntryCriteria(split(row.temperatures), split(row.grades), split(row.stages), split(row.languages),
                        split(row.sources)),
                steps.stream().map(s -> new Step(s.channel, s.delayDays, new Window(s.windowStart, s.windowEnd),
                        s.template)).toList());
    }

    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(","));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }
}
