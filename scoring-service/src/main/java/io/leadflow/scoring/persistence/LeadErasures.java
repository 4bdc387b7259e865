package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.persistence.LeadLocks;
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

    /** Runs {@code work} unless the lead was erased; takes the lead's lock first so an erasure cannot slip between. */
    public Uni<Void> unlessErased(UUID leadId, Supplier<Uni<Void>> work) {
        if (leadId == null) {
            return work.get();
        }
        return LeadLocks.lock(leadId).chain(() -> Panache.getSession()).chain(session -> session
                .createNativeQuery("select count(*) from erased_lead where lead_id = :lead", Long.class)
                .setParameter("lead", leadId).getSingleResult())
                .chain(erased -> erased > 0 ? Uni.createFrom().voidItem() : work.get());
    }
}
