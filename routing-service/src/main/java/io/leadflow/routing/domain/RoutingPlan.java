package io.leadflow.routing.domain;

import java.util.List;

/**
 * What the decision found before anyone is picked: the team and rule (or the account owner), the reps who could
 * take the lead now, in a stable order, and the ones skipped with why. {@code exhausted} is true when every rep who
 * could ever take the lead already had it (declined or let it time out): the lead is released rather than queued.
 */
public record RoutingPlan(String team, String rule, Distribution distribution, List<Candidate> eligible,
        List<Skip> skipped, boolean exhausted) {

    public boolean nobodyEligible() {
        return eligible.isEmpty();
    }
}
