package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of form a lead filled in. */
public enum FormType {
    DEMO_REQUEST, QUOTE_REQUEST, CONTENT_DOWNLOAD, NEWSLETTER, CONTACT,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static FormType fromWire(String value) {
        return WireEnum.parse(FormType.class, value);
    }
}
