package io.leadflow.events;

/** The Kafka topics Leadflow's services talk through. Every record is keyed by the lead id. */
public final class Topics {

    public static final String RECEIVED = "leads.received";
    public static final String ENGAGEMENT = "leads.engagement";
    public static final String SCORED = "leads.scored";
    public static final String ASSIGNED = "leads.assigned";
    public static final String NURTURE = "leads.nurture";
    public static final String PRIVACY = "leads.privacy";

    private Topics() {
    }

    /** Where a consumer of {@code topic} parks the records it cannot process. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
