package io.leadflow.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlaCalendarTest {

    static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    static final SlaCalendar PARIS = new SlaCalendar("Europe/Paris",
            List.of(new WorkingHours(WEEKDAYS, "09:00", "12:30"), new WorkingHours(WEEKDAYS, "13:30", "18:00")),
            List.of(LocalDate.parse("2026-12-25")));
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void aLeadInBusinessHoursHasTheUsualDeadline() {
        // Wednesday 2026-11-25, 10:00 in Paris (09:00 UTC).
        assertThat(PARIS.due(Instant.parse("2026-11-25T09:00:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-11-25T09:05:00Z"));
    }

    @Test
    void aLeadAtNightStartsItsClockWhenBusinessOpens() {
        // Wednesday 03:00 in Paris: due at 09:05 Paris (08:05 UTC).
        assertThat(PARIS.due(Instant.parse("2026-11-25T02:00:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-11-25T08:05:00Z"));
    }

    @Test
    void lunchWeekendsAndHolidaysDoNotCount() {
        // Wednesday 12:28 Paris: two minutes before lunch, three after it (13:33).
        assertThat(PARIS.due(Instant.parse("2026-11-25T11:28:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-11-25T12:33:00Z"));
        // Thursday 24 December 17:58 Paris: two minutes, then Christmas (a Friday) and the weekend, then Monday 09:03.
        assertThat(PARIS.due(Instant.parse("2026-12-24T16:58:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-12-28T08:03:00Z"));
    }

    @Test
    void daylightSavingChangesAreReadInTheTeamsZone() {
        // Saturday 28 March 2026 at night; Paris moves to summer time on Sunday: Monday 09:05 is 07:05 UTC.
        assertThat(PARIS.due(Instant.parse("2026-03-28T22:00:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-03-30T07:05:00Z"));
    }

    @Test
    void aCalendarWithoutBusinessTimeFallsBackToElapsedTime() {
        SlaCalendar never = new SlaCalendar("UTC", List.of(), List.of());
        assertThat(never.due(Instant.parse("2026-11-25T02:00:00Z"), FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-11-25T02:05:00Z"));
    }
}
