package io.leadflow.scoring.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.leadflow.events.Contribution;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.scoring.persistence.LeadScore;
import io.leadflow.scoring.persistence.ScoreContribution;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Scores a received lead, stores the score with each contribution, and publishes {@code lead.scored.v1}, all inside
 * the consumer's transaction: if the broker does not acknowledge, nothing is stored and the event is retried.
 */
@ApplicationScoped
public class LeadScorer {

    static final int TOP_CONTRIBUTIONS = 5;

    private final FirstRuleSet rules = new FirstRuleSet(FreeMailDomains.shipped());

    @Inject
    Clock clock;

    @Inject
    EventSender events;

    @Inject
    @Channel("leads-scored")
    MutinyEmitter<String> scoredLeads;

    public Uni<Void> onReceived(Delivery<LeadReceived> delivery) {
        LeadReceived received = delivery.event();
        if (received.leadId() == null || received.lead() == null || received.formType() == null
                || received.lead().receivedAt() == null) {
            throw new InvalidEventException("lead.received.v1 without leadId, lead, formType or receivedAt");
        }
        ScoreCard card = rules.score(received);
        Instant now = clock.instant();
        return LeadScore.<LeadScore> findById(received.leadId())
                .chain(existing -> store(existing, received, card, now))
                .chain(() -> ScoreContribution.delete("leadId", received.leadId()))
                .chain(() -> ScoreContribution.persist(card.contributions().stream()
                        .map(c -> contribution(received, c, delivery.eventId(), now)).toList()))
                .chain(() -> events.sendCausedBy(scoredLeads, delivery.eventId(), "scored", received.leadId(),
                        scored(received, card, now), now));
    }

    private static Uni<LeadScore> store(LeadScore existing, LeadReceived received, ScoreCard card, Instant now) {
        LeadScore score = existing != null ? existing : new LeadScore();
        score.leadId = received.leadId();
        score.fitScore = card.fitScore();
        score.engagementScore = card.engagementScore();
        score.score = card.score();
        score.grade = card.grade();
        score.temperature = card.temperature();
        score.stage = card.stage();
        score.ruleSetVersion = card.ruleSetVersion();
        score.leadSnapshot = EventJson.write(received.lead());
        score.receivedAt = received.lead().receivedAt();
        score.scoredAt = now;
        // Flushed before the contributions that reference it.
        return score.persistAndFlush();
    }

    private static ScoreContribution contribution(LeadReceived received, Contribution c, String eventId, Instant now) {
        ScoreContribution row = new ScoreContribution();
        row.leadId = received.leadId();
        row.rule = c.rule();
        row.points = c.points();
        row.reason = c.reason();
        row.eventId = eventId;
        row.createdAt = now;
        return row;
    }

    static LeadScored scored(LeadReceived received, ScoreCard card, Instant now) {
        List<Contribution> top = card.contributions().stream()
                .sorted(Comparator.comparingInt((Contribution c) -> Math.abs(c.points())).reversed())
                .limit(TOP_CONTRIBUTIONS).toList();
        return new LeadScored(received.leadId(), received.lead(), card.enrichment(), card.grade(), card.fitScore(),
                card.engagementScore(), card.score(), card.temperature(), card.stage(), card.ruleSetVersion(), top, now);
    }
}
