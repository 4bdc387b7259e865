package io.leadflow.routing.live;

import java.util.List;

import io.leadflow.events.EventJson;
import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadSummary;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.KnownLeads;
import io.leadflow.routing.persistence.RepTask;
import io.leadflow.routing.persistence.RoutedLead;

/** Builds the messages reps receive from what routing stored. */
public final class RepMessages {

    private RepMessages() {
    }

    public static RepMessage assignment(Assignment a) {
        return of("assignment", a, null);
    }

    public static RepMessage revoked(Assignment a, String reason) {
        return of("revoked", a, reason);
    }

    /** To a manager: a lead of their team breached its SLA or waits in the queue with nobody to take it. */
    public static RepMessage escalation(RoutedLead lead, java.util.UUID assignmentId, String reason) {
        return new RepMessage("escalation", assignmentId, null, lead.leadId, lead.summary(), lead.score, lead.grade,
                lead.temperature, lead.reasonList(), null, reason);
    }

    /** A nurturing task; {@code acceptBy} is when it is due and {@code reason} its channel. */
    public static RepMessage task(RepTask task, KnownLeads.Known lead) {
        return new RepMessage("task", null, task.id, task.leadId, lead == null ? null : lead.summary(),
                lead == null ? null : lead.score(), lead == null ? null : lead.grade(),
                lead == null ? null : Temperature.valueOf(lead.temperature()), List.of(), task.dueAt,
                task.channel.wire());
    }

    private static RepMessage of(String type, Assignment a, String reason) {
        return new RepMessage(type, a.id, null, a.leadId, EventJson.read(a.leadSummary, LeadSummary.class), a.score,
                a.grade, a.temperature, List.of(EventJson.read(a.reasons, String[].class)), a.acceptBy, reason);
    }
}
