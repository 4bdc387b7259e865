package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How ready a lead is: hot leads go to a rep now, the others to nurturing. */
public enum Temperature {
    COLD, WARM, HOT,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static Temperature fromWire(String value) {
        return WireEnum.parse(Temperature.class, value);
    }
}
