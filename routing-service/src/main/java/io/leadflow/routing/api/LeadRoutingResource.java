package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.EventJson;
import io.leadflow.routing.api.RepResource.AssignmentView;
import io.leadflow.routing.domain.Skip;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.RoutingDecisionRow;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/leads/{leadId}/routing}: where a hot lead stands, every decision with its reasons, and its assignments. */
@Path("/api/v1/leads/{leadId}/routing")
@Produces(MediaType.APPLICATION_JSON)
public class LeadRoutingResource {

    public record DecisionView(Instant decidedAt, String trigger, String result, String team, String rule,
            UUID repId, UUID assignmentId, List<Skip> skipped) {
    }

    public record RoutingView(UUID leadId, String state, String team, Instant receivedAt, Instant slaDueAt,
            Instant slaBreachedAt, Instant queuedAt, List<DecisionView> decisions, List<AssignmentView> assignments) {
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    @WithSession
    public Uni<RoutingView> routing(@PathParam("leadId") String leadId) {
        UUID id = AssignmentResource.parseId(leadId);
        return RoutedLead.<RoutedLead> findById(id)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "lead-not-routed", "Routing has no hot lead with id " + id + ".")))
                .chain(lead -> RoutingDecisionRow.ofLead(id).chain(decisions -> Assignment.allOfLead(id)
                        .map(assignments -> new RoutingView(id, lead.state.name().toLowerCase(), lead.teamId,
                                lead.receivedAt, lead.slaDueAt, lead.slaBreachedAt, lead.queuedAt,
                                decisions.stream().map(LeadRoutingResource::view).toList(),
                                assignments.stream().map(RepResource::view).toList()))));
    }

    static DecisionView view(RoutingDecisionRow row) {
        return new DecisionView(row.decidedAt, row.trigger, row.result, row.teamId, row.ruleName, row.repId,
                row.assignmentId, List.of(EventJson.read(row.skipped, Skip[].class)));
    }
}
