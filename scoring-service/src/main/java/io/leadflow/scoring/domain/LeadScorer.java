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

import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
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
 * Scores leads as their events arrive, inside the consumer's transaction: every contribution is stored with the event
 * that caused it, the totals are recomputed from all of them (engagement decaying with age), and
 * {@code lead.scored.v1} is published for a new lead and whenever its score, temperature, grade or stage changed, with
 * the change kept in the lead's history. An engagement that arrives before its lead (the two come on different topics)
 * is kept and counted once the lead arrives.
 */
@ApplicationScoped
public class LeadScorer {

    static final int TOP_CONTRIBUTIONS = 5;

    private final RuleSet rules = new RuleSet(FreeMailDomains.shipped());
    private final Timer scoringLatency;
    private final MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    EventSender events;

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
        Instant receivedAt = received.lead().receivedAt();
        List<ScoreContribution> rows = new ArrayList<>();
        rules.fit(received.lead()).forEach(c -> rows.add(row(received.leadId(), c, ScoreContribution.FIT,
                delivery.eventId(), receivedAt)));
        rows.add(row(received.leadId(), rules.form(received.formType()), ScoreContribution.ENGAGEMENT,
                delivery.eventId(), receivedAt));
        Enrichment enrichment = rules.enrich(received.lead());
        return LeadLocks.lock(received.leadId())
                .chain(() -> ScoreContribution.persist(rows))
                .chain(() -> LeadScore.<LeadScore> findById(received.leadId()))
                .chain(existing -> rescore(existing != null ? existing : newScore(received, enrichment),
                        received.lead(), enrichment, delivery.eventId(), existing == null))
                .invoke(published -> delivery.afterCommit(() -> scoringLatency.record(
                        Duration.between(receivedAt, clock.instant()))))
                .replaceWithVoid();
    }

    public Uni<Void> onEngagement(Delivery<LeadEngagement> delivery) {
        LeadEngagement engagement = delivery.event();
        if (engagement.leadId() == null || engagement.activity() == null) {
            throw new InvalidEventException("lead.engagement.v1 without leadId or activity");
        }
        Instant now = clock.instant();
        Instant occurredAt = Optional.ofNullable(engagement.occurredAt()).or(() -> Optional.ofNullable(
                engagement.receivedAt())).orElse(now);
        String rule = rules.ruleOf(engagement);
        return LeadLocks.lock(engagement.leadId())
                .chain(() -> ScoreContribution.earnedFor(engagement.leadId(), rule))
                .chain(alreadyEarned -> {
                    Optional<Contribution> contribution = rules.engagement(engagement, alreadyEarned);
                    if (contribution.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return row(engagement.leadId(), contribution.get(), ScoreContribution.ENGAGEMENT,
                            delivery.eventId(), occurredAt.isAfter(now) ? now : occurredAt).persist()
                            .chain(() -> LeadScore.<LeadScore> findById(engagement.leadId()))
                            .chain(score -> score == null ? Uni.createFrom().voidItem()
                                    : rescore(score, EventJson.read(score.leadSnapshot, LeadProfile.class),
                                            score.enrichment == null ? null
                                                    : EventJson.read(score.enrichment, Enrichment.class),
                                            delivery.eventId(), false).replaceWithVoid());
                });
    }

    /** Recomputes a lead's score from all its contributions; publishes when new or changed. Returns whether it did. */
    private Uni<Boolean> rescore(LeadScore score, LeadProfile lead, Enrichment enrichment, String eventId,
            boolean isNew) {
        Instant now = clock.instant();
        return ScoreContribution.ofLead(score.leadId).chain(rows -> {
            List<RuleSet.Earned> earned = rows.stream().map(r -> new RuleSet.Earned(r.rule, r.points,
                    ScoreContribution.ENGAGEMENT.equals(r.category), r.occurredAt)).toList();
            ScoreCard card = rules.total(enrichment, earned, top(rows, now), now);
            boolean changed = isNew || card.score() != score.score || card.temperature() != score.temperature
                    || !card.grade().equals(score.grade) || card.stage() != score.stage;
            if (!changed) {
                return Uni.createFrom().item(false);
            }
            ScoreChange change = change(score, card, eventId, now, isNew);
            apply(score, card, lead, enrichment, now);
            LeadScored event = new LeadScored(score.leadId, lead, enrichment, card.grade(), card.fitScore(),
                    card.engagementScore(), card.score(), card.temperature(), card.stage(), card.ruleSetVersion(),
                    card.contributions(), now);
            registry.counter("leadflow.scoring.transitions", "temperature", card.temperature().wire(),
                    "stage", card.stage().wire()).increment();
            return score.<LeadScore> persistAndFlush()
                    .chain(() -> change.persist())
                    .chain(() -> events.sendCausedBy(scoredLeads, eventId, "scored", score.leadId, event, now))
                    .replaceWith(true);
        });
    }

    /** The contributions that weigh most now (engagement counted with its decay), as shown to reps. */
    private static List<Contribution> top(List<ScoreContribution> rows, Instant now) {
        return rows.stream()
                .filter(r -> r.points != 0)
                .sorted(Comparator.comparingDouble((ScoreContribution r) -> -Math.abs(weight(r, now))))
                .limit(TOP_CONTRIBUTIONS)
                .map(r -> new Contribution(r.rule, r.points, r.reason))
                .toList();
    }

    private static double weight(ScoreContribution row, Instant now) {
        if (!ScoreContribution.ENGAGEMENT.equals(row.category)) {
            return row.points;
        }
        return RuleSet.decayed(row.points, row.occurredAt, now);
    }

    private static LeadScore newScore(LeadReceived received, Enrichment enrichment) {
        LeadScore score = new LeadScore();
        score.leadId = received.leadId();
        score.receivedAt = received.lead().receivedAt();
        score.enrichment = EventJson.write(enrichment);
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

    private ScoreContribution row(UUID leadId, Contribution c, String category, String eventId,
            Instant occurredAt) {
        ScoreContribution row = new ScoreContribution();
        row.leadId = leadId;
        row.rule = c.rule();
        row.points = c.points();
        row.reason = c.reason();
        row.category = category;
        row.eventId = eventId;
        row.occurredAt = occurredAt;
        row.createdAt = clock.instant();
        return row;
    }
}
