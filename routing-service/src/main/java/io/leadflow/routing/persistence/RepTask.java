package io.leadflow.routing.persistence;

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

/** A call or LinkedIn task from a nurturing sequence, given to a rep. */
@Entity
@Table(name = "rep_task")
public class RepTask extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "lead_id")
    public UUID leadId;

    /** Null when nobody could be found to take it (logged). */
    @Column(name = "rep_id")
    public UUID repId;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "sequence_id")
    public String sequenceId;

    public Integer step;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String note;

    @Column(name = "due_at")
    public Instant dueAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "done_at")
    public Instant doneAt;

    public static Uni<List<RepTask>> openOfRep(UUID repId) {
        return list("repId = ?1 and doneAt is null order by createdAt", repId);
    }
}
