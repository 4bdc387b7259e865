package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.persistence.LeadLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Deletes everything nurturing holds about one person (the scored snapshot, enrollments with their touches, a
 * pending release) and keeps only the hash of their address on the suppression list, so they are never emailed
 * again. Runs inside the caller's transaction, under the lead's lock.
 */
@ApplicationScoped
public class LeadErasures {

    /** Erases the lead; {@code emailSha256} is the request's hash, or null to derive it from what nurturing holds. */
    public Uni<Integer> erase(UUID leadId, String emailSha256, Instant now) {
        return LeadLocks.lock(leadId).chain(() -> emailSha256 != null ? Uni.createFrom().item(emailSha256)
                : knownAddress(leadId).map(Suppression::sha256))
                .chain(hash -> Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from scheduled_touch where enrollment_id in "
                                + "(select id from enrollment where lead_id = :lead)")
                        .setParameter("lead", leadId).executeUpdate()
                        .chain(touches -> session.createNativeQuery("delete from enrollment where lead_id = :lead")
                                .setParameter("lead", leadId).executeUpdate().map(n -> touches + n))
                        .chain(sofar -> session.createNativeQuery("delete from nurture_lead where lead_id = :lead")
                                .setParameter("lead", leadId).executeUpdate().map(n -> sofar + n))
                        .chain(sofar -> session.createNativeQuery("delete from pending_release where lead_id = :lead")
                                .setParameter("lead", leadId).executeUpdate().map(n -> sofar + n)))
                        .call(() -> Suppression.eraseTo(leadId, hash, now)));
    }

    private static Uni<String> knownAddress(UUID leadId) {
        return NurtureLead.byId(leadId).chain(lead -> lead != null && lead.email != null
                ? Uni.createFrom().item(lead.email)
                : Enrollment.latestOf(leadId).chain(e -> e != null && e.email != null ? Uni.createFrom().item(e.email)
                        : Suppression.<Suppression> findById(leadId).map(s -> s == null ? null : s.email)));
    }
}
