package io.leadflow.nurturing.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a step falls due, in the lead's own time zone: its delay counted in the window's business days (Monday to Friday unless configured), at the
 * opening of the step's send window; a step due today whose window is open goes now, and never on a weekend.
 */
public final class TouchPlanner {

    private TouchPlanner() {
    }

    /** With the whole working day (09:00 to 17:00) as the window. */
    public static Instant dueAt(Instant enrolledAt, ZoneId zone, int delayBusinessDays) {
        return dueAt(enrolledAt, zone, delayBusinessDays, SendWindow.WORKING_DAY);
    }

    public static Instant dueAt(Instant enrolledAt, ZoneId zone, int delayBusinessDays, SendWindow window) {
        ZonedDateTime now = enrolledAt.atZone(zone);
        LocalDate day = now.toLocalDate();
        boolean todayStillOpen = window.isBusinessDay(day) && now.toLocalTime().isBefore(window.end());
        if (!todayStillOpen) {
            day = window.nextBusinessDay(day);
        }
        for (int i = 0; i < delayBusinessDays; i++) {
            day = window.nextBusinessDay(day);
        }
        ZonedDateTime windowOpens = day.atTime(window.start()).atZone(zone);
        return windowOpens.isBefore(now) ? enrolledAt : windowOpens.toInstant();
    }
}
