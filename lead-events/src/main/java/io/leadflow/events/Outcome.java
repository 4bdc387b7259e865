package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a rep recorded after working a lead. */
public enum Outcome {
    CONTACTED, MEETING_BOOKED, DISQUALIFIED, CONVERTED,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static Outcome fromWire(String value) {
        return WireEnum.parse(Outcome.class, value);
    }
}
