package io.leadflow.routing.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadSummary;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/reps")
@Produces(MediaType.APPLICATION_JSON)
public class RepResource {

    public record RepView(UUID id, String name, String email, String team, boolean active) {
    }

    public record AssignmentView(UUID assignmentId, UUID leadId, UUID repId, AssignmentStatus status,
            LeadSummary lead, int score, String grade, Temperature temperature, List<String> reasons,
            Instant receivedAt, Instant assignedAt, Instant acceptBy) {
    }

    @GET
    @WithSession
    public Uni<List<RepView>> reps() {
        return Rep.<Rep> list("order by name")
                .map(reps -> reps.stream().map(r -> new RepView(r.id, r.name, r.email, r.team, r.active)).toList());
    }

    @GET
    @Path("/{repId}/assignments")
    @WithSession
    public Uni<List<AssignmentView>> assignments(@PathParam("repId") UUID repId) {
        return Rep.<Rep> findById(repId)
                .onItem().ifNull().failWith(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "rep-not-found", "No rep with id " + repId + ".")))
                .chain(rep -> Assignment.ofRep(repId))
                .map(assignments -> assignments.stream().map(RepResource::view).toList());
    }

    static AssignmentView view(Assignment a) {
        return new AssignmentView(a.id, a.leadId, a.repId, a.status, EventJson.read(a.leadSummary, LeadSummary.class),
                a.score, a.grade, a.temperature, List.of(EventJson.read(a.reasons, String[].class)),
                a.receivedAt, a.assignedAt, a.acceptBy);
    }
}
