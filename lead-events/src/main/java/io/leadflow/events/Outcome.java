package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a rep recorded after working a lead. */
public enum Outcome {
    CONTACTED, MEETING_BOOKED, DISQUALIFIED, CONVERTED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Outcome fromWire(String value) {
        return WireEnum.parse(Outcome.class, value);
    }
}
