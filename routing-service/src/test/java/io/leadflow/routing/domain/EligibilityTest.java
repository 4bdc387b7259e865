package io.leadflow.routing.domain;

import static io.leadflow.routing.domain.Reps.lead;
import static io.leadflow.routing.domain.Reps.rep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class EligibilityTest {

    // A Wednesday, 08:30 UTC: 09:30 in Paris, 03:30 in New York.
    static final Instant WEDNESDAY_MORNING = Instant.parse("2026-11-25T08:30:00Z");

    static Candidate working(String zone, String from, String to) {
        Candidate c = rep("paula", "eu");
        return new Candidate(c.id(), c.name(), c.team(), true, List.of(), List.of(), 10, 1, ZoneId.of(zone),
                List.of(new WorkingHours(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), from, to)), List.of(), 0);
    }

    @Test
    void workingHoursAreReadInTheRepsOwnTimeZone() {
        assertThat(Eligibility.whyNot(working("Europe/Paris", "09:00", "18:00"), lead("FR"), WEDNESDAY_MORNING))
                .isEmpty();
        assertThat(Eligibility.whyNot(working("America/New_York", "09:00", "18:00"), lead("FR"), WEDNESDAY_MORNING))
                .contains("outside working hours (America/New_York)");
    }

    @Test
    void weekendsOutsideTheWorkingDaysAreOutsideWorkingHours() {
        Instant saturday = Instant.parse("2026-11-28T10:00:00Z");
        assertThat(Eligibility.whyNot(working("UTC", "00:00", "24:00"), lead("FR"), saturday)).isPresent();
    }

    @Test
    void outOfOfficeCapacityTerritoryAndLanguageEachExcludeARep() {
        Candidate base = rep("paula", "eu");
        Candidate away = new Candidate(base.id(), base.name(), base.team(), true, List.of(), List.of(), 10, 1,
                base.zone(), base.workingHours(), List.of(new Absence(WEDNESDAY_MORNING.minusSeconds(3600),
                        WEDNESDAY_MORNING.plusSeconds(3600))), 0);
        Candidate full = Reps.withOpen(base, 10);
        Candidate germany = new Candidate(base.id(), base.name(), base.team(), true, List.of("DE", "AT"), List.of(),
                10, 1, base.zone(), base.workingHours(), List.of(), 0);
        Candidate english = new Candidate(base.id(), base.name(), base.team(), true, List.of(), List.of("en"), 10, 1,
                base.zone(), base.workingHours(), List.of(), 0);

        assertThat(Eligibility.whyNot(away, lead("FR"), WEDNESDAY_MORNING).orElseThrow()).startsWith("out of office");
        assertThat(Eligibility.whyNot(full, lead("FR"), WEDNESDAY_MORNING)).contains("at capacity (10/10)");
        assertThat(Eligibility.whyNot(germany, lead("FR"), WEDNESDAY_MORNING)).contains("territory does not cover FR");
        assertThat(Eligibility.whyNot(germany, lead("AT"), WEDNESDAY_MORNING)).isEmpty();
        assertThat(Eligibility.whyNot(english, lead("FR"), WEDNESDAY_MORNING)).contains("does not speak fr");
        assertThat(Eligibility.whyNot(Reps.inactive(base), lead("FR"), WEDNESDAY_MORNING)).contains("inactive");
        Candidate awayByChoice = new Candidate(base.id(), base.name(), base.team(), true, List.of(), List.of(), 10, 1,
                base.zone(), base.workingHours(), List.of(), 0, true);
        assertThat(Eligibility.whyNot(awayByChoice, lead("FR"), WEDNESDAY_MORNING)).contains("away");
    }

    @Test
    void aRepWithSegmentsGetsOnlyLeadsOfTheirCompanySizesAndIndustries() {
        Candidate base = rep("paula", "eu");
        Candidate midMarketSoftware = new Candidate(base.id(), base.name(), base.team(), true, List.of(), List.of(),
                10, 1, base.zone(), base.workingHours(), List.of(), 0, false,
                new Segments(List.of("50-249", "250-999"), List.of("software")));
        LeadFacts midSoftware = new LeadFacts("FR", "fr", "web", "A", 80, "software", 120, null);
        LeadFacts enterpriseSoftware = new LeadFacts("FR", "fr", "web", "A", 80, "software", 5000, null);
        LeadFacts midRetail = new LeadFacts("FR", "fr", "web", "A", 80, "retail", 120, null);
        LeadFacts unknownSize = new LeadFacts("FR", "fr", "web", "A", 80, "software", null, null);

        assertThat(Eligibility.whyNot(midMarketSoftware, midSoftware, WEDNESDAY_MORNING)).isEmpty();
        assertThat(Eligibility.whyNot(midMarketSoftware, enterpriseSoftware, WEDNESDAY_MORNING))
                .contains("segment does not cover 1000+ employees");
        assertThat(Eligibility.whyNot(midMarketSoftware, midRetail, WEDNESDAY_MORNING))
                .contains("segment does not cover industry retail");
        assertThat(Eligibility.whyNot(midMarketSoftware, unknownSize, WEDNESDAY_MORNING))
                .contains("segment does not cover unknown employees");
        assertThat(Eligibility.whyNot(base, enterpriseSoftware, WEDNESDAY_MORNING)).isEmpty();
    }
}
