package io.leadflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One engagement activity of a known lead. */
public enum Activity {
    FORM_SUBMITTED, EMAIL_OPENED, EMAIL_CLICKED, EMAIL_REPLIED, EMAIL_BOUNCED, PAGE_VIEWED, CONTENT_DOWNLOADED, WEBINAR_REGISTERED, WEBINAR_ATTENDED, MEETING_BOOKED, PRODUCT_SIGNAL, UNSUBSCRIBED, CONSENT_CHANGED,
    /** A value this version does not know, as topics' readers get it (see {@link EventJson}); never written. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    /** Strict, for APIs and configuration: a value this version does not know, {@code unknown} included, is refused. */
    @JsonCreator
    public static Activity fromWire(String value) {
        return WireEnum.parse(Activity.class, value);
    }
}
