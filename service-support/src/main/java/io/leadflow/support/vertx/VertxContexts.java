package io.leadflow.support.vertx;

import java.time.Duration;
import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive work outside a request or a consumed record (timers, import workers) needs a fresh, safe
 * duplicated Vert.x context; this is the one place that makes one.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /** Runs {@code action} on a new safe duplicated context. */
    public static void runOnNewContext(Vertx vertx, Runnable action) {
        newContext(vertx).runOnContext(ignored -> action.run());
    }

    /** From a worker thread: runs the reactive work on a new context and waits for its result. */
    public static <T> T await(Vertx vertx, Supplier<Uni<T>> work, Duration atMost) {
        Context context = newContext(vertx);
        return Uni.createFrom().<T> deferred(work::get)
                .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                .await().atMost(atMost);
    }

    private static Context newContext(Vertx vertx) {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
