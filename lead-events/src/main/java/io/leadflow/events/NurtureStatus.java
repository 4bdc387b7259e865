package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A step of a nurturing enrollment's lifecycle on leads.nurture. */
public enum NurtureStatus {
    ENROLLED, TOUCH_SENT, TASK_CREATED, EXITED, COMPLETED,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static NurtureStatus fromWire(String value) {
        return WireEnum.parse(NurtureStatus.class, value);
    }
}
