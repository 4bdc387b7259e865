package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of form a lead filled in. */
public enum FormType {
    DEMO_REQUEST, QUOTE_REQUEST, CONTENT_DOWNLOAD, NEWSLETTER, CONTACT;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static FormType fromWire(String value) {
        return WireEnum.parse(FormType.class, value);
    }
}
