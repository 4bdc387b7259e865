package io.leadflow.routing.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** Candidates for the domain tests: available around the clock unless a test says otherwise. */
final class Reps {

    private Reps() {
    }

    static Candidate rep(String name, String team) {
        return new Candidate(UUID.nameUUIDFromBytes(name.getBytes()), name, team, true, List.of(), List.of(), 10, 1,
                ZoneId.of("UTC"), WorkingHours.aroundTheClock(), List.of(), 0);
    }

    static Candidate withOpen(Candidate c, int open) {
        return new Candidate(c.id(), c.name(), c.team(), c.active(), c.territories(), c.languages(), c.capacity(),
                c.weight(), c.zone(), c.workingHours(), c.outOfOffice(), open);
    }

    static Candidate withWeight(Candidate c, int weight) {
        return new Candidate(c.id(), c.name(), c.team(), c.active(), c.territories(), c.languages(), c.capacity(),
                weight, c.zone(), c.workingHours(), c.outOfOffice(), c.openAssignments());
    }

    static Candidate inactive(Candidate c) {
        return new Candidate(c.id(), c.name(), c.team(), false, c.territories(), c.languages(), c.capacity(),
                c.weight(), c.zone(), c.workingHours(), c.outOfOffice(), c.openAssignments());
    }

    static LeadFacts lead(String country) {
        return new LeadFacts(country, "fr", "website", "A", 60, "software", 120, "acme.fr");
    }
}
