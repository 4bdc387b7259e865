package io.leadflow.routing.domain;

import java.util.List;

/** Plain round robin: turn {@code n} goes to the {@code n mod size}-th of the eligible reps. */
public final class RoundRobin {

    private RoundRobin() {
    }

    public static <T> T pick(List<T> eligible, long turn) {
        if (eligible.isEmpty()) {
            throw new IllegalArgumentException("nobody to pick from");
        }
        return eligible.get((int) Math.floorMod(turn, (long) eligible.size()));
    }
}
