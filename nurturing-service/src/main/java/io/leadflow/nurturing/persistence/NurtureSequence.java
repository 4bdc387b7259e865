package io.leadflow.nurturing.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A sequence's row: its name, priority and entry criteria (comma-separated lists; null accepts any value). */
@Entity
@Table(name = "nurture_sequence")
public class NurtureSequence extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public int priority;

    public String temperatures;

    public String grades;

    public String stages;

    public String languages;

    public String sources;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
