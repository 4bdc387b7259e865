package io.leadflow.routing.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A sales rep who can receive hot leads. */
@Entity
@Table(name = "rep")
public class Rep extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String email;

    public String team;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Active reps in a stable order, the order the rotation walks. */
    public static Uni<List<Rep>> activeInRotationOrder() {
        return list("active = true order by id");
    }
}
