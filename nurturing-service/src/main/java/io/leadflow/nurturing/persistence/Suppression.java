package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A person nurturing never emails again, and why ({@code unsubscribed}, {@code bounced}, {@code refused}). */
@Entity
@Table(name = "suppression")
public class Suppression extends PanacheEntityBase {

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    public String email;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Records the suppression once; the first reason stays. */
    public static Uni<Void> add(UUID leadId, String email, String reason, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into suppression (lead_id, email, reason, created_at) values (:lead, :email, :reason, :now) "
                        + "on conflict (lead_id) do nothing")
                .setParameter("lead", leadId).setParameter("email", email).setParameter("reason", reason)
                .setParameter("now", now).executeUpdate())
                .replaceWithVoid();
    }

    /** Whether this person (by lead id, or by address for a lead id nurturing never saw suppressed) is suppressed. */
    public static Uni<Boolean> covers(UUID leadId, String email) {
        return email == null
                ? count("leadId = ?1", leadId).map(n -> n > 0)
                : count("leadId = ?1 or email = ?2", leadId, email).map(n -> n > 0);
    }
}
