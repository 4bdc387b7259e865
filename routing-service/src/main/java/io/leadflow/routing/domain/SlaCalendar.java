package io.leadflow.routing.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A team's business hours for the SLA: weekly windows in the team's time zone and holidays (whole days). The SLA of a
 * lead that arrives at night, on a weekend or on a holiday then starts when business opens, and only business time
 * counts towards it.
 */
public record SlaCalendar(String timeZone, List<WorkingHours> hours, List<LocalDate> holidays) {

    /** How far ahead a deadline is looked for; a calendar with no business time in it falls back to elapsed time. */
    static final int HORIZON_DAYS = 400;

    public SlaCalendar {
        // Null entries are kept for the admin API to report; stored calendars have none.
        hours = hours == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(hours));
        holidays = holidays == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(holidays));
    }

    /** When {@code sla} of business time has passed since {@code start}. */
    public Instant due(Instant start, Duration sla) {
        ZoneId zone = ZoneId.of(timeZone);
        Set<LocalDate> closed = Set.copyOf(holidays);
        Duration left = sla;
        Instant cursor = start;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            if (closed.contains(day)) {
                continue;
            }
            for (Instant[] window : windows(day, zone)) {
                Instant from = window[0].isAfter(cursor) ? window[0] : cursor;
                if (!from.isBefore(window[1])) {
                    continue;
                }
                Duration open = Duration.between(from, window[1]);
                if (open.compareTo(left) >= 0) {
                    return from.plus(left);
                }
                left = left.minus(open);
                cursor = window[1];
            }
        }
        return start.plus(sla);
    }

    /** The day's business windows as instants, earliest first (overlaps are counted once by {@link #due}). */
    private List<Instant[]> windows(LocalDate day, ZoneId zone) {
        List<Instant[]> windows = new ArrayList<>();
        for (WorkingHours window : hours) {
            if (window.days() != null && window.days().contains(day.getDayOfWeek())) {
                windows.add(new Instant[] { at(day, window.from(), zone), at(day, window.to(), zone) });
            }
        }
        windows.sort(Comparator.comparing(window -> window[0]));
        return windows;
    }

    private static Instant at(LocalDate day, String time, ZoneId zone) {
        if ("24:00".equals(time)) {
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(day, LocalTime.parse(time), zone).toInstant();
    }
}
