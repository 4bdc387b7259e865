package io.leadflow.routing.domain;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.support.metrics.SlaTimers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Routing's metrics: the two SLA histograms, assignments per team and rule, reassignments per reason, SLA breaches per
 * team, and gauges of open assignments per rep and of the unassigned queue per team (refreshed by the sweeper from
 * PostgreSQL, so every instance shows the same figures).
 */
@ApplicationScoped
public class RoutingMetrics {

    private final MeterRegistry registry;
    private final Timer timeToAssign;
    private final Timer timeToAccept;
    private final Map<UUID, AtomicLong> openPerRep = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queuePerTeam = new ConcurrentHashMap<>();

    public RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToAssign = SlaTimers.register(registry, "leadflow.time.to.assign",
                "From the lead's receivedAt to its assignment stored, pushed to the rep and published");
        this.timeToAccept = SlaTimers.register(registry, "leadflow.time.to.accept",
                "From the lead's receivedAt to a rep accepting it (the five-minute speed-to-lead SLA)");
    }

    public void timeToAssign(Duration duration) {
        timeToAssign.record(duration);
    }

    public void timeToAccept(Duration duration) {
        timeToAccept.record(duration);
    }

    public void assigned(String team, String rule) {
        registry.counter("leadflow.assignments", "team", team, "rule", rule).increment();
    }

    public void reassigned(String reason) {
        registry.counter("leadflow.reassignments", "reason", reason).increment();
    }

    public void slaBreached(String team) {
        registry.counter("leadflow.sla.breaches", "team", team == null ? "none" : team).increment();
    }

    /** Replaces the open-assignment counts; reps with none drop to 0 rather than disappearing. */
    public void openAssignments(Map<UUID, Long> open) {
        openPerRep.forEach((rep, value) -> value.set(open.getOrDefault(rep, 0L)));
        open.forEach((rep, count) -> openPerRep.computeIfAbsent(rep, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("leadflow.rep.open.assignments", value, AtomicLong::get)
                    .description("Assignments a rep holds open (not yet accepted, or accepted without a final outcome)")
                    .tag("rep", id.toString()).register(registry);
            return value;
        }).set(count));
    }

    public void queued(Map<String, Long> queue) {
        queuePerTeam.forEach((team, value) -> value.set(queue.getOrDefault(team, 0L)));
        queue.forEach((team, count) -> queuePerTeam.computeIfAbsent(team, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("leadflow.unassigned.queue", value, AtomicLong::get)
                    .description("Hot leads waiting in a team's queue because nobody can take them now")
                    .tag("team", name).register(registry);
            return value;
        }).set(count));
    }
}
