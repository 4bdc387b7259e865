package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A step of an assignment's lifecycle on leads.assigned. */
public enum AssignmentStatus {
    ASSIGNED, QUEUED, ACCEPTED, DECLINED, REASSIGNED, SLA_BREACHED, ESCALATED, OUTCOME, RELEASED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static AssignmentStatus fromWire(String value) {
        return WireEnum.parse(AssignmentStatus.class, value);
    }
}
