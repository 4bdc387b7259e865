package io.leadflow.nurturing.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The hours of a business day in the lead's own time zone when a step may go out, for example 09:00 to 11:30 on
 * Monday to Friday. A touch that falls due, or is retried, outside its window waits for the next opening.
 */
public record SendWindow(LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public static final Set<DayOfWeek> MONDAY_TO_FRIDAY = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    public static final SendWindow WORKING_DAY = new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0));

    public SendWindow {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a send window must start before it ends");
        }
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a send window needs at least one business day");
        }
        days = Set.copyOf(days);
    }

    /** On Monday to Friday. */
    public SendWindow(LocalTime start, LocalTime end) {
        this(start, end, MONDAY_TO_FRIDAY);
    }

    /** The same hours on other business days. */
    public SendWindow on(Set<DayOfWeek> businessDays) {
        return new SendWindow(start, end, businessDays);
    }

    /** Whether {@code now} is inside the window in {@code zone}. */
    public boolean isOpen(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        return isBusinessDay(local.toLocalDate()) && !time.isBefore(start) && time.isBefore(end);
    }

    /** {@code now} when the window is open, otherwise when it next opens. */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (isOpen(now, zone)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!isBusinessDay(day) || !local.toLocalTime().isBefore(start)) {
            day = nextBusinessDay(day);
        }
        return day.atTime(start).atZone(zone).toInstant();
    }

    LocalDate nextBusinessDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isBusinessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    boolean isBusinessDay(LocalDate day) {
        return days.contains(day.getDayOfWeek());
    }
}
