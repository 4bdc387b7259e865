package io.leadflow.intake.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: concurrent submissions (API, form, webhook, engagement, tracking) share one database transaction.
 * Up to {@code leadflow.intake.group-commit.concurrency} transactions of theirs run at once: a submission that finds
 * one of those free starts it at once (no waiting when intake is quiet); those that come while all are taken wait for
 * one to commit and go together in the next, up to {@code leadflow.intake.group-commit.max-size}. Each submission's work runs in turn, on the state the one before left
 * (two submissions of one person in a group resolve to one lead, as one after the other would), and each caller gets
 * its own result only once the group committed. A group that fails is tried again one submission per transaction, so a
 * failing submission fails alone and its neighbours are neither lost nor written twice (the group rolled back).
 */
@ApplicationScoped
public class SubmissionGroups {

    private static final Logger LOG = Logger.getLogger(SubmissionGroups.class);

    /** One submission waiting for its group: its work, and where and how to give its caller the outcome. */
    private record Pending<T>(Supplier<Uni<T>> work, Context caller, UniEmitter<? super T> emitter) {

        void complete(Object result) {
            @SuppressWarnings("unchecked")
            T item = (T) result;
            onCallersContext(() -> emitter.complete(item));
        }

        void fail(Throwable failure) {
            onCallersContext(() -> emitter.fail(failure));
        }

        private void onCallersContext(Runnable action) {
            if (caller == null) {
                action.run();
            } else {
                caller.runOnContext(ignored -> action.run());
            }
        }
    }

    private final Vertx vertx;
    private final int maxSize;
    private final int concurrency;
    private final DistributionSummary groupSize;
    private final Counter split;
    private final Queue<Pending<?>> waiting = new ArrayDeque<>();
    private int committing;

    public SubmissionGroups(Vertx vertx, IntakeConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxSize = config.groupCommit().maxSize();
        this.concurrency = Math.max(1, config.groupCommit().concurrency());
        this.groupSize = DistributionSummary.builder("leadflow.intake.group.size")
                .description("Submissions committed together in one transaction (group commit)")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.split = Counter.builder("leadflow.intake.group.split")
                .description("Groups that failed and were tried again one submission per transaction")
                .register(registry);
        Gauge.builder("leadflow.intake.group.waiting", waiting, queue -> {
            synchronized (queue) {
                return queue.size();
            }
        }).description("Submissions waiting for a group transaction to be free").register(registry);
    }

    /**
     * Runs {@code work} (which uses the current Hibernate Reactive session) in a transaction shared with the
     * submissions around it; the item once that transaction committed.
     */
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        if (maxSize <= 1) {
            return Panache.withTransaction(work);
        }
        return Uni.createFrom().emitter(emitter -> {
            boolean start;
            synchronized (waiting) {
                waiting.add(new Pending<>(work, Vertx.currentContext(), emitter));
                start = committing < concurrency;
                if (start) {
                    committing++;
                }
            }
            if (start) {
                VertxContexts.runOnNewContext(vertx, this::commitNext);
            }
        });
    }

    /** Commits the submissions waiting now as one group, then the next group, until none waits; then frees its turn. */
    private void commitNext() {
        List<Pending<?>> group = new ArrayList<>();
        synchronized (waiting) {
            while (group.size() < maxSize && !waiting.isEmpty()) {
                group.add(waiting.poll());
            }
            if (group.isEmpty()) {
                committing--;
                return;
            }
        }
        groupSize.record(group.size());
        Uni.createFrom().deferred(() -> Panache.withTransaction(() -> all(group))).subscribe().with(results -> {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(results.get(i));
            }
            VertxContexts.runOnNewContext(vertx, this::commitNext);
        }, failure -> {
            if (group.size() == 1) {
                group.get(0).fail(failure);
                VertxContexts.runOnNewContext(vertx, this::commitNext);
                return;
            }
            split.increment();
            LOG.debugf("A group of %d submissions failed (%s); trying each in its own transaction", group.size(),
                    failure.toString());
            alone(group, 0);
        });
    }

    /** Every work of the group in turn, in the group's session; the session is cleared between two. */
    private static Uni<List<Object>> all(List<Pending<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending<?> pending : group) {
            chain = chain.chain(() -> pending.work().get().invoke(results::add))
                    .chain(() -> Panache.getSession().chain(session -> session.flush().invoke(session::clear)));
        }
        return chain.replaceWith(results);
    }

    /** After a failed group: each submission in its own transaction, one after the other, then the next group. */
    private void alone(List<Pending<?>> group, int index) {
        if (index == group.size()) {
            VertxContexts.runOnNewContext(vertx, this::commitNext);
            return;
        }
        Pending<?> pending = group.get(index);
        VertxContexts.runOnNewContext(vertx, () -> Uni.createFrom().deferred(() -> Panache.withTransaction(
                () -> pending.work().get().map(result -> (Object) result))).subscribe().with(result -> {
                    pending.complete(result);
                    alone(group, index + 1);
                }, failure -> {
                    pending.fail(failure);
                    alone(group, index + 1);
                }));
    }
}
