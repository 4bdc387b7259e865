package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A step of an assignment's lifecycle on leads.assigned. */
public enum AssignmentStatus {
    ASSIGNED, QUEUED, ACCEPTED, DECLINED, REASSIGNED, SLA_BREACHED, ESCALATED, OUTCOME, RELEASED,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static AssignmentStatus fromWire(String value) {
        return WireEnum.parse(AssignmentStatus.class, value);
    }
}
