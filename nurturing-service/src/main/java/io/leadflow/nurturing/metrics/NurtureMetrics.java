package io.leadflow.nurturing.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.metrics.SlaTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Nurturing's counters and timers, by the names its README lists. */
@ApplicationScoped
public class NurtureMetrics {

    private final MeterRegistry registry;
    private final Timer dueLag;

    public NurtureMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dueLag = SlaTimers.register(registry, "leadflow.nurture.due.lag",
                "How late a touch went out after it fell due");
    }

    public void enrolled(String sequence) {
        registry.counter("leadflow.nurture.enrolled", "sequence", sequence).increment();
    }

    public void sent(String sequence, int step, String channel, Duration lag) {
        registry.counter("leadflow.nurture.sent", "sequence", sequence, "step", Integer.toString(step),
                "channel", channel).increment();
        dueLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void skipped(String reason) {
        registry.counter("leadflow.nurture.skipped", "reason", reason).increment();
    }

    public void retried() {
        registry.counter("leadflow.nurture.send.retries").increment();
    }

    public void failed() {
        registry.counter("leadflow.nurture.send.failed").increment();
    }

    public void throttled() {
        registry.counter("leadflow.nurture.throttled").increment();
    }

    public void exited(String reason) {
        registry.counter("leadflow.nurture.exited", "reason", reason).increment();
    }

    public void completed(String sequence) {
        registry.counter("leadflow.nurture.completed", "sequence", sequence).increment();
    }

    public void unsubscribed() {
        registry.counter("leadflow.nurture.unsubscribes").increment();
    }

    public void bounced(String type) {
        registry.counter("leadflow.nurture.bounces", "type", type).increment();
    }

    public void replied() {
        registry.counter("leadflow.nurture.replies").increment();
    }

    /** A lead enrolled without a usable time zone, planned in UTC. */
    public void plannedInUtc() {
        registry.counter("leadflow.nurture.planned.in.utc").increment();
    }

    public void eventNotPublished() {
        registry.counter("leadflow.nurture.events.unpublished").increment();
    }
}
