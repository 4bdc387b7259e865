package io.leadflow.routing.live;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.KnownLeads;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.RepTask;
import io.smallrye.mutiny.Multi;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What a rep still has to act on, replayed to a console (socket or SSE) when it connects. */
@ApplicationScoped
public class PendingMessages {

    @Inject
    KnownLeads knownLeads;

    /** Assignments waiting for acceptance, then open tasks, oldest first. */
    public Uni<List<RepMessage>> of(UUID repId) {
        return Panache.withSession(() -> Assignment.pendingOfRep(repId).chain(pending -> RepTask.openOfRep(repId)
                .chain(tasks -> Multi.createFrom().iterable(tasks)
                        .onItem().transformToUniAndConcatenate(task -> knownLeads.find(task.leadId)
                                .map(known -> RepMessages.task(task, known)))
                        .collect().asList())
                .map(taskMessages -> {
                    List<RepMessage> messages = new ArrayList<>();
                    pending.forEach(assignment -> messages.add(RepMessages.assignment(assignment)));
                    messages.addAll(taskMessages);
                    return messages;
                })));
    }

    public Uni<Boolean> exists(UUID repId) {
        return Panache.withSession(() -> Rep.<Rep> findById(repId).map(rep -> rep != null));
    }
}
