package io.leadflow.routing.persistence;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs background reactive work (the outbox relay, the deadline sweeper) on a duplicated Vert.x context of its own.
 * Hibernate Reactive keeps its session in the context, and these are woken from other work's context (a consumer, a
 * request, each other): reusing that context would share, and close, the other work's session.
 */
public final class OwnContext {

    private OwnContext() {
    }

    public static void run(Vertx vertx, Runnable action) {
        Context current = Vertx.currentContext();
        Context context = VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> action.run());
    }
}
