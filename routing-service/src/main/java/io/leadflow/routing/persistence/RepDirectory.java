package io.leadflow.routing.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.routing.domain.Candidate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The reps as routing decisions see them: with the open assignments each holds right now. */
@ApplicationScoped
public class RepDirectory {

    static final String OPEN_PER_REP = "select cast(rep_id as varchar), count(*) from assignment "
            + "where status in ('ASSIGNED', 'ACCEPTED') and closed_at is null group by rep_id";

    public Uni<List<Candidate>> candidates() {
        return openAssignments().chain(open -> Rep.<Rep> listAll()
                .map(reps -> reps.stream().map(rep -> rep.candidate(open.getOrDefault(rep.id, 0L).intValue()))
                        .toList()));
    }

    /** Open assignments (assigned, or accepted and not yet closed by a final outcome) per rep. */
    public Uni<Map<UUID, Long>> openAssignments() {
        return Panache.getSession().chain(session -> session.createNativeQuery(OPEN_PER_REP, Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> open = new HashMap<>();
                    rows.forEach(row -> open.put(UUID.fromString((String) row[0]), ((Number) row[1]).longValue()));
                    return open;
                });
    }
}
