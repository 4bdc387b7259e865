package io.leadflow.routing.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a rep can take a lead now: active, not away by their own choice, in working hours, not out of office, under
 * capacity, and covering the lead's country, language and segment (company size, industry). A rep who is merely not connected still can: the lead
 * waits in their list and their console replays it.
 */
public final class Eligibility {

    private Eligibility() {
    }

    /** Empty when the rep can take the lead, else the reason they cannot. */
    public static Optional<String> whyNot(Candidate rep, LeadFacts lead, Instant now) {
        if (!rep.active()) {
            return Optional.of("inactive");
        }
        if (rep.away()) {
            return Optional.of("away");
        }
        for (Absence absence : rep.outOfOffice()) {
            if (absence.covers(now)) {
                return Optional.of("out of office until " + absence.until());
            }
        }
        if (rep.workingHours().stream().noneMatch(hours -> hours.contains(now.atZone(rep.zone())))) {
            return Optional.of("outside working hours (" + rep.zone() + ")");
        }
        if (rep.openAssignments() >= rep.capacity()) {
            return Optional.of("at capacity (" + rep.openAssignments() + "/" + rep.capacity() + ")");
        }
        if (!rep.territories().isEmpty() && (lead.country() == null || !rep.territories().contains(lead.country()))) {
            return Optional.of("territory does not cover " + lead.country());
        }
        if (!rep.languages().isEmpty() && lead.language() != null && !rep.languages().contains(lead.language())) {
            return Optional.of("does not speak " + lead.language());
        }
        if (rep.segments() != null) {
            return rep.segments().whyNot(lead);
        }
        return Optional.empty();
    }
}
