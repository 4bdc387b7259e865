package io.leadflow.nurturing.domain;

import java.time.LocalTime;
import java.util.List;

import io.leadflow.events.Channel;

/**
 * A follow-up sequence as people write it (the YAML defaults, the admin API): which leads enter it, in which order of
 * preference, and its steps.
 */
public record SequenceDefinition(String id, String name, Integer priority, EntryCriteria entry, List<Step> steps) {

    /** Which leads a sequence is for; a missing or empty list accepts any value. */
    public record EntryCriteria(List<String> temperatures, List<String> grades, List<String> stages,
            List<String> languages, List<String> sources) {

        public static final EntryCriteria ANY = new EntryCriteria(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** One step: how it reaches the lead, after how many business days, in which local window, with which template. */
    public record Step(Channel channel, Integer delayDays, Window window, String template) {
    }

    /** A send window in the lead's local time, as {@code HH:mm}. */
    public record Window(LocalTime start, LocalTime end) {
    }

    public int priorityOrDefault() {
        return priority == null ? 100 : priority;
    }

    public EntryCriteria entryOrAny() {
        return entry == null ? EntryCriteria.ANY : entry;
    }
}
