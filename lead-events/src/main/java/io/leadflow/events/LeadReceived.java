package io.leadflow.events;

import java.util.Map;
import java.util.UUID;

/** {@code lead.received.v1}: a lead accepted by intake, with the form it came through and that form's answers. */
public record LeadReceived(UUID leadId, LeadProfile lead, FormType formType, Map<String, String> answers) {
}
