package io.leadflow.nurturing.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * The service's clock during tests (it replaces service-support's default clock bean): tests set and move it, so a
 * touch due next week is due as soon as the test says so.
 */
@Singleton
public class TestClock extends Clock {

    /** A Saturday: nothing a test enrolls falls due until the test moves the clock to a working day. */
    public static final Instant SATURDAY_NOON = Instant.parse("2026-11-28T12:00:00Z");

    private volatile Instant now = SATURDAY_NOON;

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
