package io.leadflow.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class LeadLanesTest {

    private final List<String> started = new CopyOnWriteArrayList<>();

    /** Work that records its start and ends when the test completes the returned future. */
    private Supplier<CompletionStage<Void>> work(String name, CompletableFuture<Void> end) {
        return () -> {
            started.add(name);
            return end;
        };
    }

    @Test
    void aLeadsRecordsRunOneAfterTheOtherInOrder() {
        LeadLanes lanes = new LeadLanes(8);
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();

        lanes.admit("lead-a", work("a1", first));
        lanes.admit("lead-a", work("a2", second));
        lanes.admit("lead-a", work("a3", third));
        assertThat(started).containsExactly("a1");

        first.complete(null);
        assertThat(started).containsExactly("a1", "a2");
        second.complete(null);
        third.complete(null);
        assertThat(started).containsExactly("a1", "a2", "a3");
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void otherLeadsRunWhileOneLeadWaits() {
        LeadLanes lanes = new LeadLanes(8);
        CompletableFuture<Void> stuck = new CompletableFuture<>();

        lanes.admit("lead-a", work("a1", stuck));
        lanes.admit("lead-a", work("a2", CompletableFuture.completedFuture(null)));
        lanes.admit("lead-b", work("b1", CompletableFuture.completedFuture(null)));
        lanes.admit("lead-c", work("c1", CompletableFuture.completedFuture(null)));

        assertThat(started).containsExactly("a1", "b1", "c1");
        assertThat(lanes.inFlight()).isEqualTo(2);
        stuck.complete(null);
        assertThat(started).containsExactly("a1", "b1", "c1", "a2");
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void theNextRecordIsTakenOnlyWhenASlotIsFree() {
        LeadLanes lanes = new LeadLanes(2);
        CompletableFuture<Void> a = new CompletableFuture<>();
        CompletableFuture<Void> b = new CompletableFuture<>();

        CompletionStage<Void> afterA = lanes.admit("lead-a", work("a1", a));
        CompletionStage<Void> afterB = lanes.admit("lead-b", work("b1", b));

        assertThat(afterA.toCompletableFuture()).isDone();
        assertThat(afterB.toCompletableFuture()).isNotDone();
        b.complete(null);
        assertThat(afterB.toCompletableFuture()).isDone();
        assertThat(lanes.inFlight()).isEqualTo(1);
    }

    @Test
    void aFailedWorkDoesNotBlockItsLead() {
        LeadLanes lanes = new LeadLanes(4);
        lanes.admit("lead-a", () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        lanes.admit("lead-a", () -> {
            throw new IllegalStateException("thrown before a stage");
        });
        lanes.admit("lead-a", work("a3", CompletableFuture.completedFuture(null)));

        assertThat(started).containsExactly("a3");
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void atLeastOneRecordInFlight() {
        assertThatThrownBy(() -> new LeadLanes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
