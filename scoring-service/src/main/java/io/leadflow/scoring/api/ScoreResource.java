package io.leadflow.scoring.api;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.scoring.domain.RuleSet;
import io.leadflow.scoring.persistence.RuleSets;
import io.leadflow.scoring.persistence.LeadScore;
import io.leadflow.scoring.persistence.ScoreChange;
import io.leadflow.scoring.persistence.ScoreContribution;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/leads/{leadId}/score")
@RolesAllowed({ Roles.ADMIN, Roles.OPS, Roles.REP })
public class ScoreResource {

    @Inject
    Clock clock;

    @Inject
    RuleSets ruleSets;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<ScoreView> score(@PathParam("leadId") UUID leadId) {
        Instant now = clock.instant();
        return ruleSets.active().chain(rules -> LeadScore.<LeadScore> findById(leadId)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "lead-not-scored", "No score for lead " + leadId + " (unknown, or not scored yet).")))
                .chain(score -> ScoreContribution.ofLead(leadId).chain(contributions -> ScoreChange.ofLead(leadId)
                        .map(history -> new ScoreView(score.leadId, score.score, score.fitScore,
                                score.engagementScore, score.grade, score.temperature, score.stage,
                                score.ruleSetVersion, rules.version(), (int) rules.halfLife().toDays(),
                                score.receivedAt, score.scoredAt, score.salesAcceptedAt,
                                contributions.stream().map(c -> new ScoreView.ContributionView(c.rule, c.category,
                                        c.points, pointsNow(rules, c, now), c.reason, c.eventId, c.ruleSetVersion,
                                        c.occurredAt)).toList(),
                                history.stream().map(h -> new ScoreView.ChangeView(h.changedAt, h.eventId,
                                        h.scoreBefore, h.scoreAfter, h.temperatureBefore, h.temperatureAfter,
                                        h.gradeAfter, h.stageAfter)).toList())))));
    }

    private static double pointsNow(RuleSet rules, ScoreContribution c, Instant now) {
        if (!RuleSet.ENGAGEMENT.equals(c.category)) {
            return c.points;
        }
        return Math.round(rules.decayed(c.points, c.occurredAt, now) * 100) / 100.0;
    }
}
