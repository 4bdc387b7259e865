package io.leadflow.routing.live;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Rep;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What a rep still has to act on, replayed to a console (socket or SSE) when it connects. */
@ApplicationScoped
public class PendingMessages {

    public Uni<List<RepMessage>> of(UUID repId) {
        return Panache.withSession(() -> Assignment.pendingOfRep(repId)
                .map(pending -> pending.stream().map(RepMessages::assignment).toList()));
    }

    public Uni<Boolean> exists(UUID repId) {
        return Panache.withSession(() -> Rep.<Rep> findById(repId).map(rep -> rep != null));
    }
}
