package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a nurturing step reaches the lead. */
public enum Channel {
    EMAIL, CALL_TASK, LINKEDIN_TASK,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static Channel fromWire(String value) {
        return WireEnum.parse(Channel.class, value);
    }
}
