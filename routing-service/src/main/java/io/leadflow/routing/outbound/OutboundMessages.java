package io.leadflow.routing.outbound;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.domain.LeadSummary;

/** The bodies of outbound notifications: lifecycle events for webhooks, and the words a rep reads about a new lead. */
public final class OutboundMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private OutboundMessages() {
    }

    /** A webhook's {@code event} body: the lifecycle event as published, with the lead's summary where there is one. */
    public static String event(String eventId, String eventJson, LeadSummary lead) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", "lead.assignment.v1");
        body.put("source", "routing-service");
        body.put("data", EventJson.read(eventJson, Map.class));
        body.put("lead", lead);
        return EventJson.write(body);
    }

    /** A webhook's {@code slack} body: one line on the lifecycle step. */
    public static String slackEvent(LeadAssignment event, LeadSummary lead) {
        String who = who(lead, event.leadId().toString());
        String status = event.status().wire();
        String line = switch (event.status()) {
            case ASSIGNED -> "New hot lead " + who + " assigned to " + event.repName() + scoreOf(event);
            case REASSIGNED -> "Lead " + who + " moved to " + event.repName() + " (" + event.reason() + ")";
            case ACCEPTED -> event.repName() + " accepted lead " + who;
            case OUTCOME -> "Lead " + who + ": " + (event.outcome() == null ? "outcome" : event.outcome().wire())
                    + (event.reason() == null ? "" : " (" + event.reason() + ")");
            case SLA_BREACHED -> ":warning: Lead " + who + " breached the speed-to-lead SLA";
            default -> "Lead " + who + ": " + status + (event.reason() == null ? "" : " (" + event.reason() + ")");
        };
        return slack(line);
    }

    /** The subject of the email telling a rep without an open console about a new lead. */
    public static String assignmentSubject(LeadSummary lead) {
        return "New hot lead for you: " + who(lead, "a new lead");
    }

    /** The text of that email, or of the rep's own webhook message. */
    public static String assignmentText(LeadSummary lead, int score, String grade, Instant acceptBy, ZoneId zone,
            String consoleUrl) {
        StringJoiner text = new StringJoiner("\n");
        text.add("A hot lead is waiting for you: " + who(lead, "a new lead") + ", score " + score
                + (grade == null ? "" : " (" + grade + ")") + ".");
        if (lead != null) {
            if (lead.title() != null) {
                text.add("Title: " + lead.title());
            }
            if (lead.phone() != null) {
                text.add("Phone: " + lead.phone());
            }
            if (lead.email() != null) {
                text.add("Email: " + lead.email());
            }
        }
        if (acceptBy != null) {
            text.add("Accept it by " + TIME.format(acceptBy.atZone(zone)) + " (" + zone.getId()
                    + "), or it moves to another rep.");
        }
        text.add("Open your console: " + consoleUrl);
        return text.toString();
    }

    public static String slack(String text) {
        return EventJson.write(Map.of("text", text));
    }

    private static String who(LeadSummary lead, String fallback) {
        if (lead == null || lead.name() == null) {
            return fallback;
        }
        return lead.name() + (lead.company() == null ? "" : " (" + lead.company() + ")");
    }

    private static String scoreOf(LeadAssignment event) {
        return ", score " + event.score();
    }
}
