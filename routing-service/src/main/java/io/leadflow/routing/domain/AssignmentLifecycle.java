package io.leadflow.routing.domain;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Outcome;

/**
 * Which steps an assignment may take from where it is. A step that was already taken is harmless (the caller answers
 * with the same state and publishes nothing); a step the state does not allow is a {@link LifecycleConflict}.
 * Outcomes move forward only: contacted, then meeting booked, then converted; disqualified ends it from any of them.
 */
public final class AssignmentLifecycle {

    /** Whether a step changes the assignment or was already taken. */
    public enum Step {
        CHANGED, ALREADY_DONE
    }

    private AssignmentLifecycle() {
    }

    public static Step accept(AssignmentStatus status) {
        return switch (status) {
            case ASSIGNED -> Step.CHANGED;
            case ACCEPTED -> Step.ALREADY_DONE;
            case REASSIGNED -> throw new LifecycleConflict("assignment-moved",
                    "This assignment moved to another rep; it can no longer be accepted.");
            case DECLINED -> throw new LifecycleConflict("assignment-declined",
                    "This assignment was declined; it can no longer be accepted.");
            default -> throw new LifecycleConflict("assignment-closed",
                    "This assignment is " + status.wire() + "; it can no longer be accepted.");
        };
    }

    public static Step decline(AssignmentStatus status) {
        return switch (status) {
            case ASSIGNED -> Step.CHANGED;
            case DECLINED -> Step.ALREADY_DONE;
            case ACCEPTED -> throw new LifecycleConflict("assignment-accepted",
                    "This assignment was accepted; record an outcome (disqualified) instead of declining it.");
            case REASSIGNED -> throw new LifecycleConflict("assignment-moved",
                    "This assignment moved to another rep; it can no longer be declined.");
            default -> throw new LifecycleConflict("assignment-closed",
                    "This assignment is " + status.wire() + "; it can no longer be declined.");
        };
    }

    /** A manager moves an open assignment (not yet accepted, or accepted and still being worked) to another rep. */
    public static void reassign(AssignmentStatus status) {
        if (status != AssignmentStatus.ASSIGNED && status != AssignmentStatus.ACCEPTED) {
            throw new LifecycleConflict("assignment-closed",
                    "This assignment is " + status.wire() + "; only an open assignment can be reassigned.");
        }
    }

    public static Step outcome(AssignmentStatus status, Outcome current, Outcome next) {
        if (status != AssignmentStatus.ACCEPTED) {
            throw new LifecycleConflict("assignment-not-accepted",
                    "An outcome needs an accepted assignment; this one is " + status.wire() + ".");
        }
        if (current == next) {
            return Step.ALREADY_DONE;
        }
        if (isFinal(current)) {
            throw new LifecycleConflict("outcome-out-of-order",
                    "The assignment already ended as " + current.wire() + "; it cannot become " + next.wire() + ".");
        }
        if (next != Outcome.DISQUALIFIED && current != null && rank(next) < rank(current)) {
            throw new LifecycleConflict("outcome-out-of-order",
                    "Outcomes move forward: " + current.wire() + " cannot be followed by " + next.wire() + ".");
        }
        return Step.CHANGED;
    }

    /** Converted and disqualified end the rep's work on the lead (and free capacity). */
    public static boolean isFinal(Outcome outcome) {
        return outcome == Outcome.CONVERTED || outcome == Outcome.DISQUALIFIED;
    }

    private static int rank(Outcome outcome) {
        return switch (outcome) {
            case CONTACTED -> 1;
            case MEETING_BOOKED -> 2;
            case CONVERTED, DISQUALIFIED -> 3;
            // Read only from topics, never from this API or the database.
            case UNKNOWN -> throw new IllegalArgumentException("no rank for an outcome this version does not know");
        };
    }
}
