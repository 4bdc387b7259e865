package io.leadflow.nurturing.messaging;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.handling.TouchSender;
import io.leadflow.support.vertx.VertxContexts;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Every {@code leadflow.nurturing.scheduler.interval}, handles the touches that fell due, one transaction each, until
 * none is left or the batch is done. Passes never overlap within an instance; across instances the row locks of
 * {@code FOR UPDATE SKIP LOCKED} share the work. A pass that fails (database away) is logged, and the next tick tries
 * again: the scheduler never stops.
 */
@Singleton
public class DueTouchScheduler {

    private static final Logger LOG = Logger.getLogger(DueTouchScheduler.class);

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    TouchSender sender;

    @Inject
    NurturingConfig config;

    void start(@Observes StartupEvent started) {
        timerId = vertx.setPeriodic(config.scheduler().interval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Starts a pass unless one is running. */
    public void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        VertxContexts.runOnNewContext(vertx, () -> pass(config.scheduler().batchSize())
                .subscribe().with(handled -> running.set(false), failure -> {
                    running.set(false);
                    LOG.warnf("Due-touch pass failed, next tick retries: %s", failure.toString());
                }));
    }

    private Uni<Integer> pass(int left) {
        if (left <= 0) {
            return Uni.createFrom().item(0);
        }
        return sender.handleNextDue().chain(handled -> handled
                ? pass(left - 1).map(n -> n + 1)
                : Uni.createFrom().item(0));
    }
}
