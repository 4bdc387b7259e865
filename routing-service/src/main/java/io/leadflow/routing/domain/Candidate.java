package io.leadflow.routing.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** A rep as the routing decision sees them, with how many open assignments they hold right now. */
public record Candidate(UUID id, String name, String team, boolean active, List<String> territories,
        List<String> languages, int capacity, int weight, ZoneId zone, List<WorkingHours> workingHours,
        List<Absence> outOfOffice, int openAssignments) {
}
