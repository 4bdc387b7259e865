package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle stage: marketing-qualified, sales-qualified (accepted by a rep or meeting booked), product-qualified. */
public enum Stage {
    LEAD, MQL, SQL, PQL,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static Stage fromWire(String value) {
        return WireEnum.parse(Stage.class, value);
    }
}
