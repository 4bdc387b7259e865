package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.Channel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One planned touch of an enrollment and when it falls due ({@code status}: SCHEDULED until sent). */
@Entity
@Table(name = "scheduled_touch")
public class ScheduledTouch extends PanacheEntityBase {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    public UUID id;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    public int step;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String template;

    @Column(name = "due_at")
    public Instant dueAt;

    public String status;

    /** Cancels what an enrollment still had planned. */
    public static Uni<Integer> cancelPending(UUID enrollmentId) {
        return update("status = ?1 where enrollmentId = ?2 and status = ?3", CANCELLED, enrollmentId, SCHEDULED);
    }

    public static Uni<List<ScheduledTouch>> ofEnrollment(UUID enrollmentId) {
        return list("enrollmentId = ?1 order by step", enrollmentId);
    }
}
