package io.leadflow.routing.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A rep as the routing decision sees them, with how many open assignments they hold right now, whether they set
 * themselves away, and the segments (company sizes, industries) they cover.
 */
public record Candidate(UUID id, String name, String team, boolean active, List<String> territories,
        List<String> languages, int capacity, int weight, ZoneId zone, List<WorkingHours> workingHours,
        List<Absence> outOfOffice, int openAssignments, boolean away, Segments segments) {

    /** A rep covering every segment. */
    public Candidate(UUID id, String name, String team, boolean active, List<String> territories,
            List<String> languages, int capacity, int weight, ZoneId zone, List<WorkingHours> workingHours,
            List<Absence> outOfOffice, int openAssignments, boolean away) {
        this(id, name, team, active, territories, languages, capacity, weight, zone, workingHours, outOfOffice,
                openAssignments, away, Segments.ANY);
    }

    /** A rep who is not away. */
    public Candidate(UUID id, String name, String team, boolean active, List<String> territories,
            List<String> languages, int capacity, int weight, ZoneId zone, List<WorkingHours> workingHours,
            List<Absence> outOfOffice, int openAssignments) {
        this(id, name, team, active, territories, languages, capacity, weight, zone, workingHours, outOfOffice,
                openAssignments, false);
    }
}
