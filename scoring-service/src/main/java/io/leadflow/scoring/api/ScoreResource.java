package io.leadflow.scoring.api;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.scoring.persistence.LeadScore;
import io.leadflow.scoring.persistence.ScoreContribution;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/leads/{leadId}/score")
public class ScoreResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<ScoreView> score(@PathParam("leadId") UUID leadId) {
        return LeadScore.<LeadScore> findById(leadId)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "lead-not-scored", "No score for lead " + leadId + " (unknown, or not scored yet).")))
                .chain(score -> ScoreContribution.ofLead(leadId).map(contributions -> new ScoreView(
                        score.leadId, score.score, score.fitScore, score.engagementScore, score.grade,
                        score.temperature, score.stage, score.ruleSetVersion, score.receivedAt, score.scoredAt,
                        contributions.stream().map(c -> new ScoreView.ContributionView(c.rule, c.points, c.reason,
                                c.eventId, c.createdAt)).toList())));
    }
}
