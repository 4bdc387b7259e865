package io.leadflow.support.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Latency histograms with the architecture's buckets, fine below a second (the system's own latency) and around the
 * five-minute speed-to-lead SLA: 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 120, 300, 600 seconds.
 */
public final class SlaTimers {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(600) };

    private SlaTimers() {
    }

    /** A timer exported to Prometheus as {@code <name>_seconds_bucket}, {@code _count} and {@code _sum}. */
    public static Timer register(MeterRegistry registry, String name, String description, String... tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0])
                .maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
                .register(registry);
    }
}
