package io.leadflow.scoring.handling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Outcome;
import io.leadflow.scoring.domain.Firmographics;
import io.leadflow.scoring.enrichment.FirmographicsProvider;
import io.leadflow.scoring.metrics.FunnelMetrics;
import io.leadflow.scoring.domain.RuleSet;
import io.leadflow.scoring.persistence.RuleSets;
import io.leadflow.scoring.domain.ScoringBatch;
import io.leadflow.scoring.domain.ScoringBatch.Count;
import io.leadflow.scoring.domain.ScoringBatch.Publication;
import io.leadflow.scoring.persistence.LeadErasures;
import io.leadflow.scoring.persistence.ScoreRows;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.metrics.SlaTimers;
import io.leadflow.support.persistence.LeadLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Scores a batch of records in the consumer's transaction with a few statements whatever its size: the batch's erased
 * leads, scores, contributions and companies are read with one query each, {@link ScoringBatch} decides in the
 * records' order, and the outcome is stored (one statement per table) and published in that order. Counts and the
 * scoring latency are recorded once the batch committed.
 */
@ApplicationScoped
public class ScoringHandler {

    private final Clock clock;
    private final RuleSets ruleSets;
    private final ScoreRows rows;
    private final LeadErasures erasures;
    private final FirmographicsProvider provider;
    private final EventSender events;
    private final MutinyEmitter<String> scoredLeads;
    private final FunnelMetrics funnel;
    private final MeterRegistry registry;
    private final Timer scoringLatency;

    public ScoringHandler(Clock clock, RuleSets ruleSets, ScoreRows rows, LeadErasures erasures,
            FirmographicsProvider provider, EventSender events,
            @Channel("leads-scored") MutinyEmitter<String> scoredLeads, FunnelMetrics funnel,
            MeterRegistry registry) {
        this.clock = clock;
        this.ruleSets = ruleSets;
        this.rows = rows;
        this.erasures = erasures;
        this.provider = provider;
        this.events = events;
        this.scoredLeads = scoredLeads;
        this.funnel = funnel;
        this.registry = registry;
        this.scoringLatency = SlaTimers.register(registry, "leadflow.scoring.latency",
                "From the lead's receivedAt to its first score stored and published");
    }

    /** Leads received (live or imported): each is scored, and published when new or changed. */
    public Uni<Void> received(List<Delivery<LeadReceived>> deliveries) {
        for (Delivery<LeadReceived> delivery : deliveries) {
            LeadReceived received = delivery.event();
            if (received.leadId() == null || received.lead() == null || received.formType() == null
                    || received.lead().receivedAt() == null) {
                throw new InvalidEventException("lead.received.v1 without leadId, lead, formType or receivedAt");
            }
        }
        return live(deliveries, LeadReceived::leadId).chain(live -> live.isEmpty() ? Uni.createFrom().voidItem()
                : ruleSets.active().chain(rules -> companies(rules, live).chain(companies -> score(rules, live,
                        LeadReceived::leadId, batch -> live.forEach(d -> batch.received(d.eventId(), d.lane(),
                                d.event(), companies.get(d.event().leadId()))))))
                        .invoke(() -> live.forEach(d -> d.afterCommit(() -> scoringLatency.record(
                                Duration.between(d.event().lead().receivedAt(), clock.instant()))))));
    }

    /** Engagement: its points, even before the lead is known; the lead re-scored when it is. */
    public Uni<Void> engagement(List<Delivery<LeadEngagement>> deliveries) {
        for (Delivery<LeadEngagement> delivery : deliveries) {
            if (delivery.event().leadId() == null || delivery.event().activity() == null) {
                throw new InvalidEventException("lead.engagement.v1 without leadId or activity");
            }
        }
        return live(deliveries, LeadEngagement::leadId).chain(live -> live.isEmpty() ? Uni.createFrom().voidItem()
                : ruleSets.active().chain(rules -> score(rules, live, LeadEngagement::leadId,
                        batch -> live.forEach(d -> batch.engagement(d.eventId(), d.event())))));
    }

    /**
     * A rep accepting the lead, or a meeting booked or a deal won, makes it sales-qualified: stage {@code sql} from
     * then on. Other assignment steps change nothing here, nor do a status or an outcome this version does not know
     * ({@code UNKNOWN}: a newer routing's).
     */
    public Uni<Void> assignment(List<Delivery<LeadAssignment>> deliveries) {
        for (Delivery<LeadAssignment> delivery : deliveries) {
            if (delivery.event().leadId() == null || delivery.event().status() == null) {
                throw new InvalidEventException("lead.assignment.v1 without leadId or status");
            }
        }
        List<Delivery<LeadAssignment>> qualifying = deliveries.stream().filter(d -> qualifies(d.event())).toList();
        if (qualifying.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return live(qualifying, LeadAssignment::leadId).chain(live -> live.isEmpty() ? Uni.createFrom().voidItem()
                : ruleSets.active().chain(rules -> score(rules, live, LeadAssignment::leadId,
                        batch -> live.forEach(d -> batch.salesQualified(d.eventId(), d.event().leadId(),
                                d.event().occurredAt() == null ? now : d.event().occurredAt(),
                                d.event().status() == AssignmentStatus.OUTCOME
                                        && d.event().outcome() == Outcome.CONVERTED)))));
    }

    /**
     * Re-scores one lead for time alone, inside the caller's transaction and under the lead's lock; publishes only a
     * change of temperature, grade or stage. Returns whether it published.
     */
    public Uni<Boolean> decay(UUID leadId, String causeId) {
        return LeadLocks.lock(leadId).chain(ruleSets::active).chain(rules -> rows.known(List.of(leadId)).chain(known -> {
            ScoringBatch batch = new ScoringBatch(rules, known, clock.instant());
            boolean published = batch.decay(causeId, leadId);
            ScoringBatch.Outcome outcome = batch.outcome();
            return rows.store(outcome).chain(() -> publish(outcome))
                    .invoke(() -> outcome.counts().forEach(this::count))
                    .replaceWith(published);
        }));
    }

    private static boolean qualifies(LeadAssignment assignment) {
        return assignment.status() == AssignmentStatus.ACCEPTED
                || (assignment.status() == AssignmentStatus.OUTCOME && (assignment.outcome() == Outcome.MEETING_BOOKED
                        || assignment.outcome() == Outcome.CONVERTED));
    }

    /** The deliveries whose lead was not erased (an erased lead's late events are dropped). */
    private <T> Uni<List<Delivery<T>>> live(List<Delivery<T>> deliveries,
            Function<T, UUID> leadOf) {
        Set<UUID> leadIds = new LinkedHashSet<>();
        deliveries.forEach(d -> leadIds.add(leadOf.apply(d.event())));
        return erasures.erasedAmong(leadIds).map(erased -> erased.isEmpty() ? deliveries
                : deliveries.stream().filter(d -> !erased.contains(leadOf.apply(d.event()))).toList());
    }

    /** Reads the batch's leads, lets {@code apply} feed the batch its records, stores and publishes the outcome. */
    private <T> Uni<Void> score(RuleSet rules, List<Delivery<T>> deliveries,
            Function<T, UUID> leadOf, Consumer<ScoringBatch> apply) {
        Set<UUID> leadIds = new LinkedHashSet<>();
        deliveries.forEach(d -> leadIds.add(leadOf.apply(d.event())));
        return rows.known(leadIds).chain(known -> {
            ScoringBatch batch = new ScoringBatch(rules, known, clock.instant());
            apply.accept(batch);
            ScoringBatch.Outcome outcome = batch.outcome();
            Map<String, Delivery<T>> byEventId = new HashMap<>();
            deliveries.forEach(d -> byEventId.put(d.eventId(), d));
            return rows.store(outcome).chain(() -> publish(outcome)).invoke(() -> outcome.counts().forEach(
                    count -> byEventId.get(count.causeEventId()).afterCommit(() -> count(count))));
        });
    }

    /**
     * The companies of the batch's leads by lead id: the reference table first (one query), then the external
     * provider for the domains it does not know, when the provider is on. Lookups are counted by result.
     */
    private Uni<Map<UUID, Firmographics>> companies(RuleSet rules, List<Delivery<LeadReceived>> deliveries) {
        Map<UUID, String> domains = new HashMap<>();
        for (Delivery<LeadReceived> delivery : deliveries) {
            String domain = rules.companyDomain(delivery.event().lead());
            if (domain == null) {
                registry.counter("leadflow.enrichment.lookups", "result", "no_domain").increment();
            } else {
                domains.put(delivery.event().leadId(), domain);
            }
        }
        return rows.companies(Set.copyOf(domains.values())).chain(known -> {
            Map<String, Firmographics> byDomain = new HashMap<>(known);
            Uni<Void> asked = Uni.createFrom().voidItem();
            for (String domain : new LinkedHashSet<>(domains.values())) {
                if (known.containsKey(domain) || !provider.enabled()) {
                    continue;
                }
                asked = asked.chain(() -> provider.lookup(domain).invoke(found -> {
                    if (found != null) {
                        byDomain.put(domain, found);
                    }
                })).replaceWithVoid();
            }
            return asked.map(ignored -> {
                Map<UUID, Firmographics> byLead = new HashMap<>();
                domains.forEach((leadId, domain) -> {
                    if (known.containsKey(domain)) {
                        registry.counter("leadflow.enrichment.lookups", "result", "hit").increment();
                    } else if (!provider.enabled()) {
                        registry.counter("leadflow.enrichment.lookups", "result", "miss").increment();
                    }
                    Firmographics company = byDomain.get(domain);
                    if (company != null) {
                        byLead.put(leadId, company);
                    }
                });
                return byLead;
            });
        });
    }

    /** In the records' order: a lead's events keep the order of its records. */
    private Uni<Void> publish(ScoringBatch.Outcome outcome) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Publication p : outcome.publications()) {
            sent = sent.chain(() -> events.sendCausedBy(scoredLeads, p.causeEventId(), "scored", p.event().leadId(),
                    p.event(), p.lane(), p.event().scoredAt()));
        }
        return sent;
    }

    private void count(Count count) {
        switch (count.kind()) {
            case TRANSITION -> registry.counter("leadflow.scoring.transitions", "temperature",
                    count.temperature().wire(), "stage", count.stage().wire()).increment();
            case STAGE_REACHED -> funnel.reached(count.stage(), count.source());
            case CONVERTED -> funnel.converted(count.source());
        }
    }
}
