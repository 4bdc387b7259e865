package io.leadflow.routing.domain;

import java.util.List;

/**
 * Turn {@code n} of a pool, walked over the eligible reps in a stable order, each rep holding as many consecutive
 * turns as their weight. The turn counter lives in PostgreSQL and only ever grows, so a rep joining or returning
 * changes who comes next but resets nobody.
 */
public final class WeightedRoundRobin {

    private WeightedRoundRobin() {
    }

    public static Candidate pick(List<Candidate> eligible, long turn) {
        if (eligible.isEmpty()) {
            throw new IllegalArgumentException("nobody to pick from");
        }
        long total = eligible.stream().mapToLong(c -> Math.max(1, c.weight())).sum();
        long slot = Math.floorMod(turn, total);
        for (Candidate candidate : eligible) {
            slot -= Math.max(1, candidate.weight());
            if (slot < 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
