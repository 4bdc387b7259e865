package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One change of a lead's score or classification, with the event that caused it. */
@Entity
@Table(name = "score_change")
public class ScoreChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "score_before")
    public Integer scoreBefore;

    @Column(name = "score_after")
    public int scoreAfter;

    @Column(name = "temperature_before")
    public String temperatureBefore;

    @Column(name = "temperature_after")
    public String temperatureAfter;

    @Column(name = "grade_after")
    public String gradeAfter;

    @Column(name = "stage_after")
    public String stageAfter;

    public static Uni<List<ScoreChange>> ofLead(UUID leadId) {
        return list("leadId = ?1 order by changedAt, id", leadId);
    }
}
