package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How ready a lead is: hot leads go to a rep now, the others to nurturing. */
public enum Temperature {
    COLD, WARM, HOT;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Temperature fromWire(String value) {
        return WireEnum.parse(Temperature.class, value);
    }
}
