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

    /** Whether the caller runs on a duplicated context, the only kind whose locals belong to one unit of work. */
    public static boolean onDuplicatedContext() {
        Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context);
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

    /**
     * Always a new duplicated context of the root context: {@code getOrCreateDuplicatedContext} would hand back the
     * caller's own duplicated context when there is one (a timer fired from a consumer, a relay woken by a request),
     * and two units of work would then share, and close, one Hibernate Reactive session.
     */
    private static Context newContext(Vertx vertx) {
        return newContextOf(vertx.getOrCreateContext());
    }

    /**
     * A new safe duplicated context of {@code current}'s event loop: a consumer's attempt at a record runs on one of
     * its own, so an abandoned attempt's session is never its retry's.
     */
    public static Context newContextOf(Context current) {
        Context context = VertxContext.createNewDuplicatedContext(VertxContext.getRootContext(current));
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
