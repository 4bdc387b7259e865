package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A step of a nurturing enrollment's lifecycle on leads.nurture. */
public enum NurtureStatus {
    ENROLLED, TOUCH_SENT, TASK_CREATED, EXITED, COMPLETED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static NurtureStatus fromWire(String value) {
        return WireEnum.parse(NurtureStatus.class, value);
    }
}
