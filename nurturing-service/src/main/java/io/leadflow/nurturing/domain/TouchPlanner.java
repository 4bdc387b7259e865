package io.leadflow.nurturing.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a step falls due, in the lead's own time zone: its delay counted in business days (Monday to Friday), at the
 * start of the morning send window; a step due today whose window has begun goes now, and never on a weekend.
 */
public final class TouchPlanner {

    static final LocalTime WINDOW_START = LocalTime.of(9, 0);
    static final LocalTime WINDOW_END = LocalTime.of(17, 0);

    private TouchPlanner() {
    }

    public static Instant dueAt(Instant enrolledAt, ZoneId zone, int delayBusinessDays) {
        ZonedDateTime now = enrolledAt.atZone(zone);
        LocalDate day = now.toLocalDate();
        boolean todayStillOpen = isBusinessDay(day) && now.toLocalTime().isBefore(WINDOW_END);
        if (!todayStillOpen) {
            day = nextBusinessDay(day);
        }
        for (int i = 0; i < delayBusinessDays; i++) {
            day = nextBusinessDay(day);
        }
        ZonedDateTime windowOpens = day.atTime(WINDOW_START).atZone(zone);
        return windowOpens.isBefore(now) ? enrolledAt : windowOpens.toInstant();
    }

    private static LocalDate nextBusinessDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isBusinessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    private static boolean isBusinessDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
