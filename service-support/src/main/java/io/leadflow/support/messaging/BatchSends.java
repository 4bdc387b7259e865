package io.leadflow.support.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.leadflow.support.vertx.VertxContexts;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The events a batch's handlers publish. Inside a batch (see {@link IdempotentConsumer#consumeBatch}) a handler's
 * send starts at once and the handler goes on without waiting for the broker; the batch's transaction commits only
 * once every send it started has been acknowledged, and fails (so the batch is retried record by record) if one was
 * not. Events of different leads are on the wire together; one lead's go one after the other, in the order the
 * handlers asked for them.
 * Waiting for each acknowledgement in turn made a batch as slow as its records' broker round trips added up.
 */
final class BatchSends {

    private static final String KEY = BatchSends.class.getName();

    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final Map<UUID, CompletableFuture<Void>> lastOfLead = new HashMap<>();

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

    /**
     * Starts the send and answers at once; {@link #acknowledged()} waits for it. A lead's next event is sent only once
     * its previous one was acknowledged, and not at all if that one failed: otherwise, with the first lost and the
     * second delivered, the batch's retry would publish the first again after the second, out of order.
     */
    Uni<Void> start(UUID leadId, Uni<Void> send) {
        CompletableFuture<Void> previous = lastOfLead.get(leadId);
        CompletableFuture<Void> sent = previous == null ? send.subscribeAsCompletionStage()
                : previous.thenCompose(acknowledged -> send.subscribeAsCompletionStage());
        lastOfLead.put(leadId, sent);
        pending.add(sent);
        return Uni.createFrom().voidItem();
    }

    /** Completes, back on the batch's context, once the broker acknowledged every send started so far. */
    Uni<Void> acknowledged() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Void> all = Uni.createFrom()
                .completionStage(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
        return context == null ? all : all.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
