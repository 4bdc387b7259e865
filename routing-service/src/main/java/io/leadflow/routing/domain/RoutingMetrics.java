package io.leadflow.routing.domain;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.events.Outcome;
import io.leadflow.support.metrics.SlaTimers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Routing's metrics: the two SLA histograms (time to accept per rep and team), assignments per team and rule,
 * reassignments per reason, SLA breaches and assignment outcomes per team, and gauges of open assignments per rep and
 * of the unassigned queue per team (refreshed by the sweeper from PostgreSQL, so every instance shows the same
 * figures). Counters whose label values are known (reasons, outcomes, the teams in the database) start at 0, so
 * {@code rate()} and the dashboards show 0 rather than no data.
 */
@ApplicationScoped
public class RoutingMetrics {

    private final MeterRegistry registry;
    private final Timer timeToAssign;
    private final Timer bulkTimeToAssign;
    private final Map<UUID, AtomicLong> openPerRep = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queuePerTeam = new ConcurrentHashMap<>();
    private final Set<String> knownTeams = ConcurrentHashMap.newKeySet();

    public RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToAssign = SlaTimers.register(registry, "leadflow.time.to.assign",
                "From the lead's receivedAt to its assignment stored, pushed to the rep and published");
        this.bulkTimeToAssign = SlaTimers.register(registry, "leadflow.bulk.time.to.assign",
                "From an imported lead's receivedAt (its import) to its assignment stored, pushed and published");
        REASSIGNMENT_REASONS.forEach(reason -> registry.counter("leadflow.reassignments", "reason", reason));
    }

    static final List<String> REASSIGNMENT_REASONS = List.of("declined", "ack_timeout", "manager");

    /** An imported lead's ({@code bulk}) is counted apart, so an import never blurs the live figures. */
    public void timeToAssign(Duration duration, boolean bulk) {
        (bulk ? bulkTimeToAssign : timeToAssign).record(duration);
    }

    /** An imported lead's ({@code bulk}) is counted apart, per team only. */
    public void timeToAccept(UUID rep, String team, Duration duration, boolean bulk) {
        if (bulk) {
            SlaTimers.register(registry, "leadflow.bulk.time.to.accept",
                    "From an imported lead's receivedAt (its import) to a rep accepting it", "team", team(team))
                    .record(duration);
            return;
        }
        SlaTimers.register(registry, "leadflow.time.to.accept",
                "From the lead's receivedAt to a rep accepting it (the five-minute speed-to-lead SLA)",
                "rep", rep == null ? "none" : rep.toString(), "team", team(team)).record(duration);
    }

    /** A rep recorded what became of an assignment: {@code contacted}, {@code meeting_booked}, ... */
    public void outcome(String team, Outcome outcome) {
        registry.counter("leadflow.assignment.outcomes", "team", team(team), "outcome", outcome.wire()).increment();
    }

    /** The teams routing knows: their outcome and breach counters start at 0. */
    public void teams(Collection<String> teams) {
        for (String team : teams) {
            if (knownTeams.add(team)) {
                for (Outcome outcome : Outcome.values()) {
                    if (outcome == Outcome.UNKNOWN) {
                        continue; // only read from topics, never recorded
                    }
                    registry.counter("leadflow.assignment.outcomes", "team", team, "outcome", outcome.wire());
                }
                registry.counter("leadflow.sla.breaches", "team", team);
            }
        }
    }

    private static String team(String team) {
        return team == null ? "none" : team;
    }

    public void assigned(String team, String rule) {
        registry.counter("leadflow.assignments", "team", team, "rule", rule).increment();
    }

    public void reassigned(String reason) {
        registry.counter("leadflow.reassignments", "reason", reason).increment();
    }

    public void slaBreached(String team) {
        registry.counter("leadflow.sla.breaches", "team", team(team)).increment();
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
