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
    public static final String COMPLETED = "COMPLETED";

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

    @Column(name = "completed_at")
    public Instant completedAt;

    public static Uni<Enrollment> activeOf(UUID leadId) {
        return find("leadId = ?1 and status = ?2", leadId, ACTIVE).firstResult();
    }

    /** The lead's current enrollment, or its latest one (the active one first: two can share an instant). */
    public static Uni<Enrollment> latestOf(UUID leadId) {
        return find("leadId = ?1 order by case when status = 'ACTIVE' then 0 else 1 end, enrolledAt desc, "
                + "coalesce(completedAt, exitedAt) desc", leadId).firstResult();
    }
}
