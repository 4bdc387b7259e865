package io.leadflow.intake.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aCallerGetsItsBurstThenWaitsForTokensToComeBack() {
        StepClock clock = new StepClock();
        RateLimiter limiter = new RateLimiter(clock, 60);

        for (int i = 0; i < 60; i++) {
            assertThat(limiter.retryAfterSeconds("ip:1.2.3.4")).isZero();
        }
        assertThat(limiter.retryAfterSeconds("ip:1.2.3.4")).isEqualTo(1);
        assertThat(limiter.retryAfterSeconds("ip:5.6.7.8")).as("another caller has its own bucket").isZero();

        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(limiter.retryAfterSeconds("ip:1.2.3.4")).isZero();
        assertThat(limiter.retryAfterSeconds("ip:1.2.3.4")).isPositive();
    }

    @Test
    void aSlowCallerIsNeverLimited() {
        StepClock clock = new StepClock();
        RateLimiter limiter = new RateLimiter(clock, 10);

        for (int i = 0; i < 100; i++) {
            clock.now = clock.now.plus(Duration.ofSeconds(6));
            assertThat(limiter.retryAfterSeconds("key:website")).isZero();
        }
    }
}
