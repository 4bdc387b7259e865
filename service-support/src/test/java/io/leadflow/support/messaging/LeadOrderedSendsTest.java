package io.leadflow.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class LeadOrderedSendsTest {

    /** A broker stand-in: records what was sent, in order, and acknowledges or fails each send when told. */
    static final class Broker {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final Map<String, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();

        Uni<Void> send(String event) {
            return Uni.createFrom().completionStage(() -> {
                sent.add(event);
                return acks.computeIfAbsent(event, e -> new CompletableFuture<>());
            });
        }

        void ack(String event) {
            acks.computeIfAbsent(event, e -> new CompletableFuture<>()).complete(null);
        }

        void fail(String event) {
            acks.computeIfAbsent(event, e -> new CompletableFuture<>()).completeExceptionally(
                    new IllegalStateException("expired: " + event));
        }
    }

    static String leadOf(String event) {
        return event.substring(0, 1);
    }

    @Test
    void aLeadsNextEventIsSentOnlyOnceTheBrokerAcknowledgedThePreviousOneWhileOtherLeadsGoAtOnce() {
        Broker broker = new Broker();
        CompletableFuture<Void> batch = LeadOrderedSends.send(List.of("a1", "b1", "a2", "c1", "a3"),
                LeadOrderedSendsTest::leadOf, broker::send).subscribeAsCompletionStage();

        assertThat(broker.sent).containsExactly("a1", "b1", "c1");
        broker.ack("a1");
        assertThat(broker.sent).containsExactly("a1", "b1", "c1", "a2");
        broker.ack("a2");
        broker.ack("b1");
        broker.ack("c1");
        assertThat(batch).isNotDone();
        broker.ack("a3");
        assertThat(broker.sent).containsExactly("a1", "b1", "c1", "a2", "a3");
        assertThat(batch).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void whenALeadsEventFailsItsLaterEventsAreNotSentAndTheBatchFailsOnlyOnceEverySendEnded() {
        Broker broker = new Broker();
        CompletableFuture<Void> batch = LeadOrderedSends.send(List.of("a1", "b1", "a2", "b2"),
                LeadOrderedSendsTest::leadOf, broker::send).subscribeAsCompletionStage();

        broker.fail("a1");
        assertThat(batch).as("b1 still waits for the broker").isNotDone();
        broker.ack("b1");
        assertThat(batch).isNotDone();
        broker.ack("b2");
        assertThat(batch).failsWithin(Duration.ofSeconds(5));
        assertThat(broker.sent).as("a2 never left: it would have reached the broker before a1")
                .containsExactly("a1", "b1", "b2");
    }

    @Test
    void anEmptyBatchSendsNothing() {
        Broker broker = new Broker();
        assertThat(LeadOrderedSends.send(List.<String> of(), LeadOrderedSendsTest::leadOf, broker::send)
                .subscribeAsCompletionStage()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(broker.sent).isEmpty();
    }
}
