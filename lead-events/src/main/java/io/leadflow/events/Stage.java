package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle stage: marketing-qualified, sales-qualified (accepted by a rep or meeting booked), product-qualified. */
public enum Stage {
    LEAD, MQL, SQL, PQL;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Stage fromWire(String value) {
        return WireEnum.parse(Stage.class, value);
    }
}
