package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A lead following a sequence ({@code status}: ACTIVE, EXITED, COMPLETED). */
@Entity
@Table(name = "enrollment")
public class Enrollment extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String EXITED = "EXITED";

    @Id
    public UUID id;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "sequence_id")
    public String sequenceId;

    public String status;

    public String email;

    public String language;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    @Column(name = "exit_reason")
    public String exitReason;

    @Column(name = "exited_at")
    public Instant exitedAt;

    public static Uni<Enrollment> activeOf(UUID leadId) {
        return find("leadId = ?1 and status = ?2", leadId, ACTIVE).firstResult();
    }

    /** The lead's current enrollment, or its latest one. */
    public static Uni<Enrollment> latestOf(UUID leadId) {
        return find("leadId = ?1 order by enrolledAt desc", leadId).firstResult();
    }
}
