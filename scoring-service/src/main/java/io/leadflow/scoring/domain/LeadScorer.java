package io.leadflow.scoring.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.Activity;
import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Outcome;
import io.leadflow.scoring.persistence.Firmographic;
import io.leadflow.scoring.persistence.LeadScore;
import io.leadflow.scoring.persistence.ScoreChange;
import io.leadflow.scoring.persistence.ScoreContribution;
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
 * Scores leads as their events arrive, inside the consumer's transaction, with the rule set in force: every
 * contribution is stored with the event that caused it and the rule set that priced it, the totals are recomputed
 * from all of them (engagement decaying with age), and {@code lead.scored.v1} is published for a new lead and
 * whenever its score, temperature, grade or stage changed, with the change kept in the lead's history. An engagement
 * that arrives before its lead (the two come on different topics) is kept and counted once the lead arrives.
 */
@ApplicationScoped
public class LeadScorer {

    static final int TOP_CONTRIBUTIONS = 5;

    private final Timer scoringLatency;
    private final MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    RuleSets ruleSets;

    @Inject
    EventSender events;

    @Inject
    FirmographicsProvider provider;

    @Inject
    FunnelMetrics funnel;

    @Inject
    @Channel("leads-scored")
    MutinyEmitter<String> scoredLeads;

    @Inject
    public LeadScorer(MeterRegistry registry) {
        this.registry = registry;
        this.scoringLatency = SlaTimers.register(registry, "leadflow.scoring.latency",
                "From the lead's receivedAt to its first score stored and published");
    }

    public Uni<Void> onReceived(Delivery<LeadReceived> delivery) {
        LeadReceived received = delivery.event();
        if (received.leadId() == null || received.lead() == null || received.formType() == null
                || received.lead().receivedAt() == null) {
            throw new InvalidEventException("lead.received.v1 without leadId, lead, formType or receivedAt");
        }
        UUID leadId = received.leadId();
        Instant receivedAt = received.lead().receivedAt();
        String eventId = delivery.eventId();
        return LeadLocks.lock(leadId)
                .chain(ruleSets::active)
                .chain(rules -> company(rules, received.lead()).chain(company -> {
                    Enrichment enrichment = rules.enrich(received.lead(), company);
                    return LeadScore.<LeadScore> findById(leadId).chain(existing -> ScoreContribution.ofLead(leadId)
                            .chain(before -> {
                                // Engagement may have arrived before the lead: it is in the rows read here.
                                List<ScoreContribution> rows = new ArrayList<>();
                                if (existing == null) {
                                    rules.fit(received.lead(), enrichment, receivedAt).forEach(c -> rows.add(
                                            row(leadId, c, RuleSet.FIT, eventId, receivedAt, rules)));
                                    rules.qualification(received.answers()).forEach(c -> rows.add(
                                            row(leadId, c, RuleSet.QUALIFICATION, eventId, receivedAt, rules)));
                                }
                                rules.form(received.formType(), earned(before, "form." + received.formType().wire()))
                                        .ifPresent(c -> rows.add(row(leadId, c, RuleSet.ENGAGEMENT, eventId,
                                                receivedAt, rules)));
                                LeadScore score = existing != null ? existing : newScore(received);
                                score.answers = received.answers() == null || received.answers().isEmpty()
                                        ? score.answers : EventJson.write(received.answers());
                                List<ScoreContribution> all = new ArrayList<>(before);
                                all.addAll(rows);
                                return persist(rows).chain(() -> rescore(rules, score, all,
                                        received.lead(), enrichment, eventId, existing == null, delivery.lane()));
                            }));
                }))
                .invoke(published -> delivery.afterCommit(() -> scoringLatency.record(
                        Duration.between(receivedAt, clock.instant()))))
                .replaceWithVoid();
    }

    public Uni<Void> onEngagement(Delivery<LeadEngagement> delivery) {
        LeadEngagement engagement = delivery.event();
        if (engagement.leadId() == null || engagement.activity() == null) {
            throw new InvalidEventException("lead.engagement.v1 without leadId or activity");
        }
        if (engagement.activity() == Activity.UNKNOWN) {
            // A newer intake's activity: worth nothing, and nothing to store, until this version knows it.
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        Instant at = Optional.ofNullable(engagement.occurredAt()).or(() -> Optional.ofNullable(
                engagement.receivedAt())).orElse(now);
        Instant occurredAt = at.isAfter(now) ? now : at;
        UUID leadId = engagement.leadId();
        return LeadLocks.lock(leadId).chain(ruleSets::active).chain(rules -> ScoreContribution.ofLead(leadId)
                .chain(before -> {
                    List<ScoreContribution> all = new ArrayList<>(before);
                    Optional<ScoreContribution> added = rules.engagement(engagement, earned(before,
                            rules.ruleOf(engagement))).map(c -> row(leadId, c, RuleSet.ENGAGEMENT, delivery.eventId(),
                                    occurredAt, rules));
                    added.ifPresent(all::add);
                    added.ifPresent(row -> repeatedVisits(rules, all, engagement, delivery.eventId(), occurredAt)
                            .ifPresent(all::add));
                    List<ScoreContribution> rows = all.subList(before.size(), all.size());
                    return persist(rows)
                            .chain(() -> LeadScore.<LeadScore> findById(leadId))
                            .chain(score -> {
                                if (score == null) {
                                    return Uni.createFrom().voidItem();
                                }
                                if (engagement.activity() == Activity.MEETING_BOOKED
                                        && score.salesAcceptedAt == null) {
                                    score.salesAcceptedAt = occurredAt;
                                }
                                return rescore(rules, score, all, delivery.eventId()).replaceWithVoid();
                            });
                }));
    }

    /**
     * A rep accepting the lead, or a meeting booked or a deal won, makes it sales-qualified: stage {@code sql} from
     * then on. Other assignment steps change nothing here, nor do a status or an outcome this version does not know
     * ({@code UNKNOWN}: a newer routing's).
     */
    public Uni<Void> onAssignment(Delivery<LeadAssignment> delivery) {
        LeadAssignment assignment = delivery.event();
        if (assignment.leadId() == null || assignment.status() == null) {
            throw new InvalidEventException("lead.assignment.v1 without leadId or status");
        }
        boolean qualifies = assignment.status() == AssignmentStatus.ACCEPTED
                || (assignment.status() == AssignmentStatus.OUTCOME && (assignment.outcome() == Outcome.MEETING_BOOKED
                        || assignment.outcome() == Outcome.CONVERTED));
        if (!qualifies) {
            return Uni.createFrom().voidItem();
        }
        Instant at = Optional.ofNullable(assignment.occurredAt()).orElse(clock.instant());
        return LeadLocks.lock(assignment.leadId())
                .chain(() -> LeadScore.<LeadScore> findById(assignment.leadId()))
                .chain(score -> {
                    if (score == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (assignment.status() == AssignmentStatus.OUTCOME && assignment.outcome() == Outcome.CONVERTED) {
                        String source = score.leadSnapshot == null ? null
                                : EventJson.read(score.leadSnapshot, LeadProfile.class).source();
                        delivery.afterCommit(() -> funnel.converted(source));
                    }
                    if (score.salesAcceptedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    score.salesAcceptedAt = at;
                    return ruleSets.active().chain(rules -> ScoreContribution.ofLead(score.leadId)
                            .chain(rows -> rescore(rules, score, rows, delivery.eventId()))).replaceWithVoid();
                });
    }

    /**
     * Re-scores a lead for time alone (decay), publishing only when its temperature, grade or stage changed: a score
     * that slips by a point is not news, a lead going from hot to warm is. Returns whether it published.
     */
    public Uni<Boolean> decay(UUID leadId, String causeId) {
        return LeadLocks.lock(leadId)
                .chain(() -> LeadScore.<LeadScore> findById(leadId))
                .chain(score -> score == null ? Uni.createFrom().item(false)
                        : ruleSets.active().chain(rules -> ScoreContribution.ofLead(leadId).chain(rows -> {
                            ScoreCard card = card(rules, score, rows, clock.instant());
                            boolean transition = card.temperature() != score.temperature
                                    || !card.grade().equals(score.grade) || card.stage() != score.stage;
                            return transition ? rescore(rules, score, rows, causeId) : Uni.createFrom().item(false);
                        })));
    }

    /**
     * The repeated-visits intent, once, when this page view makes enough of them in its window; counted on the lead's
     * rows (page views over the cap are stored with 0 points, so they count as visits).
     */
    private Optional<ScoreContribution> repeatedVisits(RuleSet rules, List<ScoreContribution> rows,
            LeadEngagement engagement, String eventId, Instant occurredAt) {
        if (engagement.activity() != Activity.PAGE_VIEWED) {
            return Optional.empty();
        }
        return rules.repeatedVisits().flatMap(visits -> {
            Instant since = occurredAt.minus(Duration.ofDays(visits.withinDays()));
            boolean earnedAlready = rows.stream().anyMatch(r -> r.rule.equals(RuleSet.REPEATED_VISITS));
            long views = rows.stream().filter(r -> (r.rule.equals("engagement.page_viewed")
                    || r.rule.equals(RuleSet.PRICING_PAGE)) && !r.occurredAt.isBefore(since)).count();
            return earnedAlready || views < visits.visits() ? Optional.empty()
                    : rules.award(RuleSet.REPEATED_VISITS, 0).map(c -> row(engagement.leadId(), c,
                            RuleSet.ENGAGEMENT, eventId, occurredAt, rules));
        });
    }

    private static Uni<Void> persist(List<ScoreContribution> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : ScoreContribution.persist(rows);
    }

    private static int earned(List<ScoreContribution> rows, String rule) {
        return rows.stream().filter(r -> r.rule.equals(rule)).mapToInt(r -> r.points).sum();
    }

    /**
     * The firmographics of the lead's company: the reference table first, then the external provider when it is
     * on. Lookups are counted by result.
     */
    private Uni<Firmographics> company(RuleSet rules, LeadProfile lead) {
        String domain = rules.companyDomain(lead);
        if (domain == null) {
            registry.counter("leadflow.enrichment.lookups", "result", "no_domain").increment();
            return Uni.createFrom().nullItem();
        }
        return Firmographic.<Firmographic> findById(domain).chain(found -> {
            if (found != null) {
                registry.counter("leadflow.enrichment.lookups", "result", "hit").increment();
                return Uni.createFrom().item(found.toDomain());
            }
            if (!provider.enabled()) {
                registry.counter("leadflow.enrichment.lookups", "result", "miss").increment();
                return Uni.createFrom().nullItem();
            }
            return provider.lookup(domain);
        });
    }

    private Uni<Boolean> rescore(RuleSet rules, LeadScore score, List<ScoreContribution> rows, String eventId) {
        return rescore(rules, score, rows, EventJson.read(score.leadSnapshot, LeadProfile.class),
                score.enrichment == null ? null : EventJson.read(score.enrichment, Enrichment.class), eventId,
                false, Lane.LIVE);
    }

    /**
     * Recomputes a lead's score from all its contributions ({@code rows}, stored or being stored in this
     * transaction); publishes when new or changed, in {@code lane} (an imported lead's first score in the bulk lane;
     * anything it does later is live). Returns whether it did.
     */
    private Uni<Boolean> rescore(RuleSet rules, LeadScore score, List<ScoreContribution> rows, LeadProfile lead,
            Enrichment enrichment, String eventId, boolean isNew, Lane lane) {
        Instant now = clock.instant();
        ScoreCard card = card(rules, isNew ? null : score, rows, now, enrichment);
        boolean changed = isNew || card.score() != score.score || card.temperature() != score.temperature
                || !card.grade().equals(score.grade) || card.stage() != score.stage;
        if (!changed) {
            return Uni.createFrom().item(false);
        }
        boolean enteredStage = isNew || card.stage() != score.stage;
        ScoreChange change = change(score, card, eventId, now, isNew);
        apply(score, card, lead, enrichment, now);
        LeadScored event = new LeadScored(score.leadId, lead, enrichment, card.grade(), card.fitScore(),
                card.engagementScore(), card.score(), card.temperature(), card.stage(), card.ruleSetVersion(),
                card.contributions(), now);
        registry.counter("leadflow.scoring.transitions", "temperature", card.temperature().wire(),
                "stage", card.stage().wire()).increment();
        if (enteredStage) {
            funnel.reached(card.stage(), lead == null ? null : lead.source());
        }
        // Flushed before the event is sent, so a constraint violation fails the transaction before anything leaves.
        return score.<LeadScore> persistAndFlush()
                .chain(() -> change.persist())
                .chain(() -> events.sendCausedBy(scoredLeads, eventId, "scored", score.leadId, event, lane, now))
                .replaceWith(true);
    }

    private static ScoreCard card(RuleSet rules, LeadScore score, List<ScoreContribution> rows, Instant now) {
        return card(rules, score, rows, now, score.enrichment == null ? null
                : EventJson.read(score.enrichment, Enrichment.class));
    }

    /** The score card of stored contributions; {@code before} (null for a new lead) gives the stage floor. */
    private static ScoreCard card(RuleSet rules, LeadScore before, List<ScoreContribution> rows, Instant now,
            Enrichment enrichment) {
        List<RuleSet.Earned> earned = rows.stream().map(ScoreContribution::earned).toList();
        return rules.total(enrichment, earned, top(rules, rows, now), before == null ? null : before.stage,
                before != null && before.salesAcceptedAt != null, now);
    }

    /** The contributions that weigh most now (engagement counted with its decay), as shown to reps. */
    private static List<Contribution> top(RuleSet rules, List<ScoreContribution> rows, Instant now) {
        return rows.stream()
                .filter(r -> r.points != 0)
                .sorted(Comparator.comparingDouble((ScoreContribution r) -> -Math.abs(weight(rules, r, now))))
                .limit(TOP_CONTRIBUTIONS)
                .map(r -> new Contribution(r.rule, r.points, r.reason))
                .toList();
    }

    private static double weight(RuleSet rules, ScoreContribution row, Instant now) {
        return RuleSet.ENGAGEMENT.equals(row.category) ? rules.decayed(row.points, row.occurredAt, now) : row.points;
    }

    private static LeadScore newScore(LeadReceived received) {
        LeadScore score = new LeadScore();
        score.leadId = received.leadId();
        score.receivedAt = received.lead().receivedAt();
        return score;
    }

    private static void apply(LeadScore score, ScoreCard card, LeadProfile lead, Enrichment enrichment, Instant now) {
        score.fitScore = card.fitScore();
        score.engagementScore = card.engagementScore();
        score.score = card.score();
        score.grade = card.grade();
        score.temperature = card.temperature();
        score.stage = card.stage();
        score.ruleSetVersion = card.ruleSetVersion();
        score.leadSnapshot = EventJson.write(lead);
        score.enrichment = enrichment == null ? score.enrichment : EventJson.write(enrichment);
        score.scoredAt = now;
    }

    private static ScoreChange change(LeadScore before, ScoreCard after, String eventId, Instant now,
            boolean isNew) {
        ScoreChange change = new ScoreChange();
        change.leadId = before.leadId;
        change.eventId = eventId;
        change.changedAt = now;
        change.scoreBefore = isNew ? null : before.score;
        change.temperatureBefore = isNew || before.temperature == null ? null : before.temperature.wire();
        change.scoreAfter = after.score();
        change.temperatureAfter = after.temperature().wire();
        change.gradeAfter = after.grade();
        change.stageAfter = after.stage().wire();
        return change;
    }

    private ScoreContribution row(UUID leadId, Contribution c, String category, String eventId, Instant occurredAt,
            RuleSet rules) {
        ScoreContribution row = new ScoreContribution();
        row.leadId = leadId;
        row.rule = c.rule();
        row.points = c.points();
        row.reason = c.reason();
        row.category = category;
        row.eventId = eventId;
        row.occurredAt = occurredAt;
        row.createdAt = clock.instant();
        row.ruleSetVersion = rules.version();
        return row;
    }
}
