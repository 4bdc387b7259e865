package io.leadflow.events;

import java.util.Locale;

/**
 * Which traffic an event belongs to. Live events (a form, the API, a webhook) travel on each type's own topic; bulk
 * events (an import's rows, and the scores they get) travel on topics of their own, so a live hot lead never waits
 * behind an import on a topic or in a consumer. Only the two busiest hops of an import have a bulk topic
 * ({@code lead.received.v1} and {@code lead.scored.v1}); what follows an imported lead's score (an assignment, an
 * enrollment) is as rare as for a live lead and travels live.
 */
public enum Lane {
    LIVE, BULK;

    /** The topic an event of this type travels on in this lane. */
    public String topic(EventType type) {
        if (this == LIVE) {
            return type.topic();
        }
        return switch (type) {
            case LEAD_RECEIVED -> Topics.RECEIVED_BULK;
            case LEAD_SCORED -> Topics.SCORED_BULK;
            default -> type.topic();
        };
    }

    /** The lane of a record read from {@code topic}. */
    public static Lane ofTopic(String topic) {
        return Topics.RECEIVED_BULK.equals(topic) || Topics.SCORED_BULK.equals(topic) ? BULK : LIVE;
    }

    /** How metrics and logs name it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
