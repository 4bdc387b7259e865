package io.leadflow.nurturing.persistence;

import java.io.Serializable;
import java.time.LocalTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.leadflow.events.Channel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One step of a sequence: its channel, its delay in business days, and the template it uses. */
@Entity
@Table(name = "sequence_step")
@IdClass(SequenceStep.Key.class)
public class SequenceStep extends PanacheEntityBase {

    @Id
    @Column(name = "sequence_id")
    public String sequenceId;

    @Id
    public int position;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    @Column(name = "delay_days")
    public int delayDays;

    public String template;

    /** The send window in the lead's local time. */
    @Column(name = "window_start")
    public LocalTime windowStart;

    @Column(name = "window_end")
    public LocalTime windowEnd;

    public static Uni<List<SequenceStep>> of(String sequenceId) {
        return list("sequenceId = ?1 order by position", sequenceId);
    }

    public static class Key implements Serializable {
        public String sequenceId;
        public int position;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequenceId.equals(sequenceId) && key.position == position;
        }

        @Override
        public int hashCode() {
            return sequenceId.hashCode() * 31 + position;
        }
    }
}
