package io.leadflow.routing.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A weekly window in the rep's own time zone: on {@code days}, from {@code from} (inclusive) to {@code to} (exclusive,
 * {@code 24:00} meaning midnight at the end of the day). Times are {@code HH:mm}.
 */
public record WorkingHours(List<DayOfWeek> days, String from, String to) {

    public boolean contains(ZonedDateTime localTime) {
        if (days == null || !days.contains(localTime.getDayOfWeek())) {
            return false;
        }
        int minute = localTime.getHour() * 60 + localTime.getMinute();
        return minute >= minutes(from) && minute < minutes(to);
    }

    /** Minutes after midnight of {@code HH:mm} (up to {@code 24:00}); throws on anything else. */
    public static int minutes(String time) {
        if ("24:00".equals(time)) {
            return 24 * 60;
        }
        LocalTime parsed = LocalTime.parse(time);
        return parsed.getHour() * 60 + parsed.getMinute();
    }

    /** Every day, all day: the demo reps. */
    public static List<WorkingHours> aroundTheClock() {
        return List.of(new WorkingHours(List.of(DayOfWeek.values()), "00:00", "24:00"));
    }
}
