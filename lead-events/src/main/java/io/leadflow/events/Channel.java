package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a nurturing step reaches the lead. */
public enum Channel {
    EMAIL, CALL_TASK, LINKEDIN_TASK;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return WireEnum.parse(Channel.class, value);
    }
}
