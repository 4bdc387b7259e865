package io.leadflow.nurturing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.handling.TouchSender;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.TestClock;
import io.leadflow.nurturing.testing.TestTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.support.vertx.VertxContexts;
import io.leadflow.testsupport.GreenMailSmtp;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Several passes claiming the same due touches at once, each with its own connection and transaction, as two or
 * more instances on one database do: every touch goes out exactly once.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(GreenMailSmtp.class)
class ConcurrentSendingTest {

    static final int LEADS = 24;
    static final int COMPETING_PASSES = 4;

    @Inject
    TestClock clock;

    @Inject
    TouchSender sender;

    @Inject
    Vertx vertx;

    @Test
    void competingPassesSendEachDueTouchExactlyOnce() {
        clock.set(TestClock.SATURDAY_NOON);
        List<LeadScored> leads = IntStream.range(0, LEADS).mapToObj(i -> Leads.american(Temperature.COLD)).toList();
        leads.forEach(l -> Topic.of(Topics.SCORED).publish(l.leadId(), l));
        List<String> leadIds = leads.stream().map(l -> l.leadId().toString()).toList();
        Topic.of(Topics.NURTURE).collect(r -> leadIds.contains(r.key()) && r.value().contains("\"enrolled\""),
                enrolled -> enrolled.size() == LEADS, Duration.ofSeconds(60), Duration.ZERO);
        leads.forEach(l -> Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestTokens
                .as(Roles.OPS).get("/api/v1/leads/{id}/enrollment", l.leadId()).statusCode() == 200));
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(COMPETING_PASSES);

        // Besides the service's own scheduler, four more passes start together on the first working morning.
        clock.set(SendingFlowTest.MONDAY_MORNING_NEW_YORK);
        for (int i = 0; i < COMPETING_PASSES; i++) {
            VertxContexts.runOnNewContext(vertx, () -> drain(handled).subscribe()
                    .with(ignored -> running.decrementAndGet(), failure -> running.decrementAndGet()));
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> running.get() == 0
                && leads.stream().allMatch(l -> !SendingFlowTest.messagesTo(l.lead().contact().email()).isEmpty()));
        leads.forEach(l -> new SendingFlowTest().awaitNothingDueFor(l.leadId(), clock));

        Map<String, Long> emailsPerAddress = leads.stream().map(l -> l.lead().contact().email())
                .collect(Collectors.toMap(Function.identity(), a -> (long) SendingFlowTest.messagesTo(a).size()));
        assertThat(emailsPerAddress).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
        assertThat(handled.get()).as("the competing passes did take part").isPositive();
        assertThat(Topic.of(Topics.NURTURE).awaitExactly(LEADS, r -> leadIds.contains(r.key())
                && r.value().contains("\"touch_sent\""), Duration.ofSeconds(2))).hasSize(LEADS);
    }

    private Uni<Void> drain(AtomicInteger handled) {
        return sender.handleNextDue().chain(found -> {
            if (!found) {
                return Uni.createFrom().voidItem();
            }
            handled.incrementAndGet();
            return drain(handled);
        });
    }
}
