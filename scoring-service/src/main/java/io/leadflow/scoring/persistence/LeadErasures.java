package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.persistence.LeadLocks;
import io.leadflow.support.privacy.ErasedLeads;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Deletes everything scoring holds about one lead (score and snapshot, enrichment, answers, contributions, history)
 * and remembers that the lead was erased, so its late events are dropped. Runs inside the caller's transaction,
 * under the lead's lock.
 */
@ApplicationScoped
public class LeadErasures {

    /** Erases the lead; returns the number of rows deleted. */
    public Uni<Integer> erase(UUID leadId, UUID requestId, Instant now) {
        return LeadLocks.lock(leadId).chain(() -> Panache.getSession()).chain(session -> session
                .createNativeQuery("delete from score_contribution where lead_id = :lead")
                .setParameter("lead", leadId).executeUpdate()
                .chain(contributions -> session.createNativeQuery("delete from score_change where lead_id = :lead")
                        .setParameter("lead", leadId).executeUpdate().map(changes -> contributions + changes))
                .chain(sofar -> session.createNativeQuery("delete from lead_score where lead_id = :lead")
                        .setParameter("lead", leadId).executeUpdate().map(scores -> sofar + scores))
                .call(() -> session.createNativeQuery("insert into erased_lead (lead_id, request_id, erased_at) "
                        + "values (:lead, :request, :at) on conflict do nothing")
                        .setParameter("lead", leadId).setParameter("request", requestId)
                        .setParameter("at", now.atOffset(ZoneOffset.UTC)).executeUpdate()));
    }

    /** Which of these leads were erased; within the caller's transaction, under the leads' locks. */
    public Uni<Set<UUID>> erasedAmong(Collection<UUID> leadIds) {
        return ErasedLeads.among(leadIds);
    }
}
