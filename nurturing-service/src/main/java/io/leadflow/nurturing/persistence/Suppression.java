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

    public static final String ERASED = "erased";

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    public String email;

    @Column(name = "email_sha256")
    public String emailSha256;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Records the suppression once; the first reason stays. */
    public static Uni<Void> add(UUID leadId, String email, String reason, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into suppression (lead_id, email, email_sha256, reason, created_at) "
                        + "values (:lead, :email, :hash, :reason, :now) on conflict (lead_id) do nothing")
                .setParameter("lead", leadId).setParameter("email", email).setParameter("hash", sha256(email))
                .setParameter("reason", reason).setParameter("now", now).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Whether this person (by lead id, or by the hash of the address for a lead id nurturing never saw suppressed) is
     * suppressed.
     */
    public static Uni<Boolean> covers(UUID leadId, String email) {
        String hash = sha256(email);
        return hash == null
                ? count("leadId = ?1", leadId).map(n -> n > 0)
                : count("leadId = ?1 or emailSha256 = ?2", leadId, hash).map(n -> n > 0);
    }

    /** Whether the lead was erased: its late events must not bring its data back. */
    public static Uni<Boolean> erased(UUID leadId) {
        return count("leadId = ?1 and reason = ?2", leadId, ERASED).map(n -> n > 0);
    }

    /**
     * The erased person's entry: only the hash of the address stays (reason {@code erased}), and no entry of another
     * lead id keeps their address in clear.
     */
    public static Uni<Void> eraseTo(UUID leadId, String emailSha256, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into suppression (lead_id, email, email_sha256, reason, created_at) "
                        + "values (:lead, null, :hash, :reason, :now) on conflict (lead_id) do update "
                        + "set email = null, email_sha256 = coalesce(excluded.email_sha256, suppression.email_sha256), "
                        + "reason = excluded.reason")
                .setParameter("lead", leadId).setParameter("hash", emailSha256).setParameter("reason", ERASED)
                .setParameter("now", now).executeUpdate()
                .chain(() -> emailSha256 == null ? Uni.createFrom().item(0) : session.createNativeQuery(
                        "update suppression set email = null where email_sha256 = :hash")
                        .setParameter("hash", emailSha256).executeUpdate()))
                .replaceWithVoid();
    }

    /** The SHA-256 (hex) of the address as intake normalises it (trimmed, lower case), or null without one. */
    public static String sha256(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(java.util.Locale.ROOT)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
