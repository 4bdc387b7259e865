package io.leadflow.routing.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.persistence.LeadLocks;
import io.leadflow.support.privacy.ErasedLeads;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Erases what routing holds about one person and remembers the lead as erased, inside the caller's transaction and
 * under the lead's lock. What names or describes the person goes: the known-lead snapshot, the lead summaries and
 * scoring reasons kept with the routed lead and its assignments, the lead's country, language, industry and size in
 * the reasons reps were skipped, free-text reasons reps and managers typed, task notes, and the same free text in
 * outbox events not yet published and in webhook deliveries. What metrics and audit need stays: ids, times, team,
 * rep, rule, score, grade, temperature, states. A lead still open (queued, assigned or accepted) is withdrawn: nobody
 * may contact the person any more, so its open assignment is closed ({@code released}, reason {@code erased}), its
 * deadlines are cleared and its open tasks are closed.
 */
@ApplicationScoped
public class LeadErasures {

    static final String ERASED = "erased";

    /** What the reasons reps were skipped for say of the lead, replaced by what kind of reason it was. */
    private static final List<String[]> LEAD_FACTS_IN_SKIPS = List.of(
            new String[] {"territory does not cover [^\"]*", "territory does not cover the lead''s country"},
            new String[] {"does not speak [^\"]*", "does not speak the lead''s language"},
            new String[] {"segment does not cover industry [^\"]*", "segment does not cover the lead''s industry"},
            new String[] {"segment does not cover [^\"]* employees", "segment does not cover the lead''s size"});

    private static final List<String> STATEMENTS = List.of(
            "delete from known_lead where lead_id = :lead",
            "update routed_lead set lead_summary = :summary, reasons = '[]', "
                    + "facts = cast(json_build_object('grade', grade, 'score', score) as text), "
                    + "state = case when state in ('QUEUED', 'ASSIGNED', 'ACCEPTED') then 'RELEASED' else state end, "
                    + "queued_at = null, sla_due_at = null, updated_at = :now where lead_id = :lead",
            // Decline reasons and a manager's words are free text; outcomes and time-outs are codes and stay.
            "update assignment set lead_summary = :summary, reasons = '[]', outcome_reason = null, "
                    + "closed_reason = case when status in ('ASSIGNED', 'ACCEPTED') then '" + ERASED + "' "
                    + "when status = 'DECLINED' then 'declined (reason erased)' "
                    + "when closed_reason like 'reassigned by a manager%' "
                    + "then 'reassigned by a manager (reason erased)' else closed_reason end, "
                    + "closed_at = case when status in ('ASSIGNED', 'ACCEPTED') then :now else closed_at end, "
                    + "status = case when status in ('ASSIGNED', 'ACCEPTED') then 'RELEASED' else status end "
                    + "where lead_id = :lead",
            "update routing_decision set skipped = " + withoutLeadFacts("skipped") + " where lead_id = :lead",
            "update rep_task set note = null, done_at = coalesce(done_at, :now) where lead_id = :lead",
            "update outbox_event set payload = " + withoutTypedText("payload")
                    + " where lead_id = :lead and ce_type = 'lead.assignment.v1'",
            // Webhook deliveries carry the event as published; the lead's summary is read from its assignment when
            // sent, and a rep's email for an assignment no longer open is skipped.
            "update outbound_delivery set payload = " + withoutTypedText("payload") + " where lead_id = :lead");

    private static String withoutLeadFacts(String column) {
        String expression = column;
        for (String[] fact : LEAD_FACTS_IN_SKIPS) {
            expression = "regexp_replace(" + expression + ", '" + fact[0] + "', '" + fact[1] + "', 'g')";
        }
        return expression;
    }

    /**
     * A {@code lead.assignment.v1} JSON without its scoring reasons and, where people typed it (declines, outcomes,
     * a release for timing), its reason. Hibernate reads a colon as a parameter: casts are spelled cast(... as ...).
     */
    private static String withoutTypedText(String column) {
        String json = "cast(" + column + " as jsonb)";
        return "cast(" + json + " || jsonb_build_object('reasons', cast('[]' as jsonb), 'reason', case "
                + "when " + json + " ->> 'status' in ('declined', 'outcome') "
                + "or " + json + " ->> 'reason' like 'disqualified for timing%' then cast('null' as jsonb) "
                + "else " + json + " -> 'reason' end) as text)";
    }

    /** Erases the lead; answers the number of rows deleted or changed. */
    public Uni<Integer> erase(UUID leadId, UUID requestId, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        Uni<Integer> rows = LeadLocks.lock(leadId).replaceWith(0);
        for (String statement : STATEMENTS) {
            rows = rows.chain(sofar -> Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(statement).setParameter("lead", leadId);
                if (statement.contains(":now")) {
                    query.setParameter("now", at);
                }
                if (statement.contains(":summary")) {
                    // Bound rather than written: braces in native SQL are Hibernate's alias placeholders.
                    query.setParameter("summary", "{}");
                }
                return query.executeUpdate();
            }).map(changed -> sofar + changed));
        }
        return rows.call(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into erased_lead (lead_id, request_id, erased_at) "
                        + "values (:lead, :request, :now) on conflict do nothing")
                .setParameter("lead", leadId).setParameter("request", requestId).setParameter("now", at)
                .executeUpdate()));
    }

    /** Which of these leads were erased, in one query (the caller holds their locks). */
    public Uni<Set<UUID>> erasedAmong(Collection<UUID> leadIds) {
        return ErasedLeads.among(leadIds);
    }

    /** Runs {@code work} unless the lead was erased; takes the lead's lock first so an erasure cannot slip between. */
    public Uni<Void> unlessErased(UUID leadId, Supplier<Uni<Void>> work) {
        if (leadId == null) {
            return work.get();
        }
        // One round trip: this runs for every scored lead and task.
        return LeadLocks.lockAndFind(leadId, "erased_lead")
                .chain(erased -> erased ? Uni.createFrom().voidItem() : work.get());
    }
}
