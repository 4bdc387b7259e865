package io.leadflow.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type (the CloudEvents {@code ce_type}), the topic it travels on and its payload class. */
public enum EventType {
    LEAD_RECEIVED("lead.received.v1", Topics.RECEIVED, LeadReceived.class),
    LEAD_ENGAGEMENT("lead.engagement.v1", Topics.ENGAGEMENT, LeadEngagement.class),
    LEAD_SCORED("lead.scored.v1", Topics.SCORED, LeadScored.class),
    LEAD_ASSIGNMENT("lead.assignment.v1", Topics.ASSIGNED, LeadAssignment.class),
    LEAD_NURTURE("lead.nurture.v1", Topics.NURTURE, LeadNurture.class),
    ERASURE_REQUESTED("lead.erasure.requested.v1", Topics.PRIVACY, ErasureRequested.class),
    ERASURE_COMPLETED("lead.erasure.completed.v1", Topics.PRIVACY, ErasureCompleted.class),
    EXPORT_REQUESTED("lead.export.requested.v1", Topics.PRIVACY, ExportRequested.class),
    EXPORT_CONTRIBUTED("lead.export.contributed.v1", Topics.PRIVACY, ExportContributed.class);

    private final String ceType;
    private final String topic;
    private final Class<?> payloadType;

    EventType(String ceType, String topic, Class<?> payloadType) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType ofPayload(Class<?> payloadType) {
        return Arrays.stream(values()).filter(t -> t.payloadType.equals(payloadType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Leadflow event: " + payloadType.getName()));
    }
}
