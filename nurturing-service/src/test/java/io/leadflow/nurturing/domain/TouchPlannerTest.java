package io.leadflow.nurturing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class TouchPlannerTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant paris(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), PARIS).toInstant();
    }

    @Test
    void aFirstStepDuringTheWorkingDayGoesNow() {
        Instant thursdayMorning = paris("2026-11-26T10:15");

        assertThat(TouchPlanner.dueAt(thursdayMorning, PARIS, 0)).isEqualTo(thursdayMorning);
    }

    @Test
    void aFirstStepBeforeTheWindowWaitsForItToOpen() {
        assertThat(TouchPlanner.dueAt(paris("2026-11-26T06:30"), PARIS, 0)).isEqualTo(paris("2026-11-26T09:00"));
    }

    @Test
    void aFirstStepInTheEveningGoesNextMorning() {
        assertThat(TouchPlanner.dueAt(paris("2026-11-26T20:00"), PARIS, 0)).isEqualTo(paris("2026-11-27T09:00"));
    }

    @Test
    void delaysCountBusinessDaysAndSkipTheWeekend() {
        // Thursday + 2 business days = Monday.
        assertThat(TouchPlanner.dueAt(paris("2026-11-26T10:15"), PARIS, 2)).isEqualTo(paris("2026-11-30T09:00"));
        // Saturday: the first business day is Monday, + 1 = Tuesday.
        assertThat(TouchPlanner.dueAt(paris("2026-11-28T11:00"), PARIS, 1)).isEqualTo(paris("2026-12-01T09:00"));
    }

    @Test
    void theWindowIsTheLeadsLocalMorning() {
        // 15:00 in Paris is 09:00 in New York: a New York lead's next-day touch is at 09:00 New York time.
        Instant due = TouchPlanner.dueAt(paris("2026-11-26T15:00"), NEW_YORK, 1);

        assertThat(due.atZone(NEW_YORK).toLocalTime()).isEqualTo(java.time.LocalTime.of(9, 0));
        assertThat(due.atZone(NEW_YORK).toLocalDate()).isEqualTo(java.time.LocalDate.of(2026, 11, 27));
    }
}
