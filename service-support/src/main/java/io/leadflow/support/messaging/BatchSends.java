package io.leadflow.support.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.leadflow.support.vertx.VertxContexts;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The events a batch's handlers publish. Inside a batch (see {@link IdempotentConsumer#consumeBatch}) a handler's
 * send is kept and the handler goes on without waiting for the broker; once every handler has run, the batch's sends
 * go out through {@link LeadOrderedSends} (different leads' at once, a lead's one after the other, a lead's next one
 * not at all if its previous failed), and the batch's transaction commits only once all were acknowledged, or fails
 * (so the batch is retried record by record). Waiting for each acknowledgement in turn made a batch as slow as its
 * records' broker round trips added up.
 */
final class BatchSends {

    private static final String KEY = BatchSends.class.getName();

    /** A send not yet started, and the lead whose order it keeps. */
    private record Kept(UUID leadId, Uni<Void> send) {
    }

    private final List<Kept> kept = new ArrayList<>();

    /**
     * Opens the batch's sends on the attempt's own context (each attempt gets a new one). Off a duplicated context
     * nothing is registered, and sends wait for their acknowledgement one by one as outside a batch.
     */
    static BatchSends open() {
        BatchSends sends = new BatchSends();
        if (VertxContexts.onDuplicatedContext()) {
            ContextLocals.put(KEY, sends);
        }
        return sends;
    }

    /** The sends of the batch running on this context, if there is one. */
    static Optional<BatchSends> current() {
        return VertxContexts.onDuplicatedContext() ? ContextLocals.get(KEY) : Optional.empty();
    }

    /** Later sends on this context (after the commit) wait for their acknowledgement again. */
    void close() {
        if (VertxContexts.onDuplicatedContext()) {
            ContextLocals.remove(KEY);
        }
    }

    /** Keeps the (lazy) send for {@link #acknowledged()} and answers at once. */
    Uni<Void> keep(UUID leadId, Uni<Void> send) {
        kept.add(new Kept(leadId, send));
        return Uni.createFrom().voidItem();
    }

    /** Sends what the handlers kept; completes, back on the batch's context, once the broker acknowledged it all. */
    Uni<Void> acknowledged() {
        if (kept.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Void> all = LeadOrderedSends.send(List.copyOf(kept), Kept::leadId, Kept::send);
        return context == null ? all : all.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
