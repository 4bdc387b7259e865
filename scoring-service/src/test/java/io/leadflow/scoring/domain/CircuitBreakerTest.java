package io.leadflow.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.leadflow.scoring.TestClock;

class CircuitBreakerTest {

    final TestClock clock = new TestClock();
    final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughLater() {
        breaker.failed();
        assertThat(breaker.allows()).isTrue();
        breaker.succeeded();
        breaker.failed();
        assertThat(breaker.state()).as("a success resets the count").isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allows()).isFalse();

        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.allows()).as("one trial").isTrue();
        assertThat(breaker.allows()).as("only one at a time").isFalse();
        breaker.failed();
        assertThat(breaker.state()).as("a failed trial re-opens").isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.allows()).isTrue();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allows()).isTrue();
    }
}
