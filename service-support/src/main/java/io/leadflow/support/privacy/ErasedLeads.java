package io.leadflow.support.privacy;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The {@code erased_lead} table the pipeline's services keep (lead ids whose person had them erased, no personal
 * data): which leads of a batch were erased, with one query, so their late or replayed events are dropped.
 */
public final class ErasedLeads {

    private ErasedLeads() {
    }

    /** Which of these leads were erased; in the caller's session, under the leads' locks. */
    public static Uni<Set<UUID>> among(Collection<UUID> leadIds) {
        if (leadIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select lead_id from erased_lead where lead_id = any(cast(:leads as uuid[]))", UUID.class)
                .setParameter("leads", leadIds.toArray(UUID[]::new))
                .getResultList())
                .map(Set::copyOf);
    }
}
