package io.leadflow.events;

import java.time.Duration;
import java.util.List;

/** The Kafka topics Leadflow's services talk through. Every record is keyed by the lead id. */
public final class Topics {

    public static final String RECEIVED = "leads.received";
    public static final String ENGAGEMENT = "leads.engagement";
    public static final String SCORED = "leads.scored";
    public static final String ASSIGNED = "leads.assigned";
    public static final String NURTURE = "leads.nurture";
    public static final String PRIVACY = "leads.privacy";
    /** Imported leads, apart from live ones (see {@link Lane}). */
    public static final String RECEIVED_BULK = "leads.received.bulk";
    /** The scores of imported leads, apart from live ones (see {@link Lane}). */
    public static final String SCORED_BULK = "leads.scored.bulk";

    /** Every topic Leadflow's events travel on (their dead-letter topics aside), as deployments create them. */
    public static final List<String> ALL = List.of(RECEIVED, RECEIVED_BULK, ENGAGEMENT, SCORED,
            SCORED_BULK, ASSIGNED, NURTURE, PRIVACY);

    private Topics() {
    }

    /**
     * How long Kafka keeps a topic's records ({@code retention.ms}), the one list every deployment (local stack,
     * Compose, Kubernetes) applies: lead events carry personal data and an erasure cannot reach them, so 7 days, time
     * enough for a consumer to catch up after an outage; dead-letter topics 14 days, time to look at a poison record
     * and replay it. {@code leads.privacy} too is kept 7 days: besides ids and email hashes it carries export parts,
     * a person's data, which must not outlive an erasure longer than their lead events do.
     */
    public static Duration retention(String topic) {
        if (topic.endsWith(".dlq")) {
            return Duration.ofDays(14);
        }
        return Duration.ofDays(7);
    }

    /** Where a consumer of {@code topic} parks the records it cannot process. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
