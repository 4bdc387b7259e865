package io.leadflow.nurturing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.leadflow.events.Channel;
import io.leadflow.nurturing.domain.SequenceChooser.LeadFacts;
import io.leadflow.nurturing.domain.SequenceDefinition.EntryCriteria;
import io.leadflow.nurturing.domain.SequenceDefinition.Step;
import io.leadflow.nurturing.domain.SequenceDefinition.Window;
import io.leadflow.support.api.FieldError;

class SequenceRulesTest {

    static final Step EMAIL = new Step(Channel.EMAIL, 0, null, "welcome");
    static final SequenceDefinition ANY = new SequenceDefinition("default", "Default", 100, null, List.of(EMAIL));
    static final SequenceDefinition WARM_A = new SequenceDefinition("warm-a", "Warm A", 10,
            new EntryCriteria(List.of("warm"), List.of("A", "B"), null, null, null), List.of(EMAIL));
    static final SequenceDefinition FRENCH_WEBINAR = new SequenceDefinition("fr-webinar", "French webinar", 5,
            new EntryCriteria(null, null, List.of("lead"), List.of("fr"), List.of("webinar")), List.of(EMAIL));

    static String chosen(LeadFacts lead, SequenceDefinition... sequences) {
        return SequenceChooser.choose(List.of(sequences), lead).map(SequenceDefinition::id).orElse(null);
    }

    @Test
    void theFittingSequenceOfLowestPriorityWins() {
        assertThat(chosen(new LeadFacts("warm", "A", "lead", "en", "website"), ANY, WARM_A, FRENCH_WEBINAR))
                .isEqualTo("warm-a");
        assertThat(chosen(new LeadFacts("warm", "C", "lead", "en", "website"), ANY, WARM_A, FRENCH_WEBINAR))
                .isEqualTo("default");
        assertThat(chosen(new LeadFacts("warm", "a", "LEAD", "fr", "Webinar"), ANY, WARM_A, FRENCH_WEBINAR))
                .as("values compare without case").isEqualTo("fr-webinar");
        assertThat(chosen(new LeadFacts("cold", null, null, null, null), WARM_A, FRENCH_WEBINAR))
                .as("nothing fits: no sequence").isNull();
    }

    @Test
    void aSequenceWithoutStepsIsNeverChosen() {
        SequenceDefinition empty = new SequenceDefinition("empty", "Empty", 1, null, List.of());
        assertThat(chosen(new LeadFacts("cold", "D", "lead", "en", "website"), empty, ANY)).isEqualTo("default");
    }

    static List<String> problems(SequenceDefinition sequence) {
        return SequenceValidator.validate(sequence, template -> "broken".equals(template)
                ? Optional.of("does not render") : Optional.empty()).stream().map(FieldError::field).toList();
    }

    @Test
    void aValidSequencePasses() {
        assertThat(problems(WARM_A)).isEmpty();
        assertThat(problems(new SequenceDefinition("calls", "Calls only", null, null, List.of(
                new Step(Channel.CALL_TASK, 0, new Window(LocalTime.of(9, 0), LocalTime.of(11, 30)), "intro-call"),
                new Step(Channel.LINKEDIN_TASK, 3, null, "connect"))))).isEmpty();
    }

    @Test
    void everyProblemIsNamedByItsField() {
        assertThat(problems(new SequenceDefinition("Bad Id!", " ", -1, new EntryCriteria(List.of("hot"), null,
                List.of("customer"), List.of("french"), List.of("a b")), List.of())))
                .containsExactlyInAnyOrder("id", "name", "priority", "entry.temperatures[0]", "entry.stages[0]",
                        "entry.languages[0]", "entry.sources[0]", "steps");
        assertThat(problems(new SequenceDefinition("s", "S", null, null, List.of(
                new Step(null, 2, null, "welcome"),
                new Step(Channel.EMAIL, 1, new Window(LocalTime.of(12, 0), LocalTime.of(9, 0)), "broken"),
                new Step(Channel.CALL_TASK, null, null, null)))))
                .containsExactly("steps[0].channel", "steps[1].delayDays", "steps[1].window", "steps[1].template",
                        "steps[2].delayDays", "steps[2].template");
    }
}
