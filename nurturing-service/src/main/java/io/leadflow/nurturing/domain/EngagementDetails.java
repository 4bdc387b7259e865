package io.leadflow.nurturing.domain;

import java.util.Locale;
import java.util.Map;

/** What nurturing reads in an engagement's free-form details (as intake passes them on from forms and providers). */
public final class EngagementDetails {

    private EngagementDetails() {
    }

    /** The downloaded item's name, as API clients and form tools tend to call it. */
    public static String contentOf(Map<String, String> details) {
        if (details == null) {
            return null;
        }
        for (String key : new String[] { "content", "title", "asset", "name" }) {
            String value = details.get(key);
            if (value != null && !value.isBlank()) {
                String clean = value.strip().replaceAll("\\s+", " ");
                return clean.length() > 200 ? clean.substring(0, 200) : clean;
            }
        }
        return null;
    }

    /**
     * Mail providers say {@code soft}, {@code transient} or {@code deferred} for a full mailbox or a busy server (in a
     * bounce type, or in the provider's event name that intake passes on as {@code providerEvent}); anything else
     * counts as hard.
     */
    public static boolean isSoftBounce(Map<String, String> details) {
        if (details == null) {
            return false;
        }
        for (String key : new String[] { "bounceType", "bounce_type", "type", "providerEvent" }) {
            String value = details.get(key);
            if (value != null) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.contains("soft") || v.contains("transient") || v.contains("deferred")) {
                    return true;
                }
            }
        }
        return false;
    }
}
