package io.leadflow.support.messaging;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Lets one consumer work on several records at once while each lead's records still run one after the other, in the
 * order they were consumed. Records are keyed by lead (the Kafka key): a record whose lead has work in flight starts
 * when that work has ended; records of other leads start at once, up to {@code maxInFlight} of them. Past that
 * bound, {@link #admit} answers a stage that completes only when a record has ended, which is how the consumer stops
 * polling (back-pressure).
 * <p>
 * A consumer handled one record at a time before: each record waited for its few database round trips, and on a
 * busy machine every round trip also waits for a core, so the whole channel moved at the pace of one record's
 * latency (about 4 records a second under load, README "Performance").
 */
final class LeadLanes {

    private static final Logger LOG = Logger.getLogger(LeadLanes.class);
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final int maxInFlight;
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    LeadLanes(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Queues {@code work} behind the work in flight for the same key and answers when the caller may hand over the
     * next record. {@code work} must not fail; if it does, the failure is logged and the lead's next record runs.
     */
    CompletionStage<Void> admit(String key, Supplier<CompletionStage<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        CompletableFuture<Void> mayContinue;
        synchronized (this) {
            previous = tails.getOrDefault(key, IDLE);
            tails.put(key, done);
            inFlight++;
            if (inFlight < maxInFlight) {
                mayContinue = IDLE;
            } else {
                mayContinue = new CompletableFuture<>();
                waiting.add(mayContinue);
            }
        }
        previous.thenCompose(ignored -> work.get()).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "A consumed record's work failed outside its own handling");
            }
            ended(key, done);
            done.complete(null);
        });
        return mayContinue;
    }

    /** Records admitted and not yet ended. */
    synchronized int inFlight() {
        return inFlight;
    }

    private void ended(String key, CompletableFuture<Void> done) {
        CompletableFuture<Void> next;
        synchronized (this) {
            tails.remove(key, done);
            inFlight--;
            next = inFlight < maxInFlight ? waiting.poll() : null;
        }
        if (next != null) {
            next.complete(null);
        }
    }
}
