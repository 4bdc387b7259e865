package io.leadflow.bench;

import java.util.Map;
import java.util.Set;

/**
 * The measured leads reps received: time to assign of those sent hot (a quote or demo request), from the instant each
 * was due to the message on a rep's socket, and apart, how many others were assigned. Those were downloads or
 * sign-ups that returning visits made hot later: their wait began with a visit, not with the form, so counting them
 * as slow assignments would be wrong.
 */
record Assignments(Latency toAssign, long hotAssigned, long afterEngagements) {

    /** Instants in nanoseconds: when each measured lead was due, and when a rep's socket received it. */
    static Assignments of(Map<String, Long> dueAt, Set<String> sentHot, Map<String, Long> assignedAt) {
        Latency toAssign = new Latency();
        long hotAssigned = 0;
        long afterEngagements = 0;
        for (Map.Entry<String, Long> due : dueAt.entrySet()) {
            Long assigned = assignedAt.get(due.getKey());
            if (assigned == null) {
                continue;
            }
            if (sentHot.contains(due.getKey())) {
                toAssign.record(assigned - due.getValue());
                hotAssigned++;
            } else {
                afterEngagements++;
            }
        }
        return new Assignments(toAssign, hotAssigned, afterEngagements);
    }
}
