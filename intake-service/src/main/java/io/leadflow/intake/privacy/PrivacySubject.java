package io.leadflow.intake.privacy;

import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The person a privacy request names, found by normalized email or lead id, for erasure and export alike. */
final class PrivacySubject {

    private PrivacySubject() {
    }

    /**
     * The {@code lead_identity} row ({@code columns}) of the person, locked with {@code lock} (empty for none), or
     * null when intake knows nobody by that email or lead id.
     */
    static Uni<Object[]> find(Mutiny.Session session, String columns, String lock, String normalizedEmail,
            UUID leadId) {
        String select = "select " + columns + " from lead_identity where ";
        return (normalizedEmail != null
                ? session.createNativeQuery(select + "email = :email " + lock, Object[].class)
                        .setParameter("email", normalizedEmail)
                : session.createNativeQuery(select + "lead_id = :lead " + lock, Object[].class)
                        .setParameter("lead", leadId))
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
