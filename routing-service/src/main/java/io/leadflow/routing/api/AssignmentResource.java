package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import io.leadflow.routing.security.RepAccess;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.Outcome;
import io.leadflow.routing.api.RepResource.AssignmentView;
import io.leadflow.routing.domain.AssignmentActions;
import io.leadflow.routing.domain.LifecycleConflict;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * A rep's steps on an assignment. Each answers with the assignment as it stands; a step already taken answers the same
 * state again ({@code 200}), a step the state does not allow is a {@code 409} problem (moved to another rep, declined,
 * outcome out of order).
 */
@Path("/api/v1/assignments/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    public record DeclineRequest(String reason) {
    }

    public record OutcomeRequest(String outcome, String reason) {
    }

    public record ReassignRequest(String repId, String reason) {
    }

    @Inject
    AssignmentActions actions;

    @Inject
    RepAccess access;

    @Inject
    SecurityIdentity identity;

    @GET
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.OPS, Roles.REP })
    public Uni<AssignmentView> get(@PathParam("id") String id) {
        UUID assignmentId = parseId(id);
        boolean readsAll = access.isAdmin() || identity.hasRole(Roles.OPS);
        return Assignment.<Assignment> findById(assignmentId)
                .onItem().ifNull().failWith(() -> notFound(assignmentId))
                .invoke(a -> {
                    if (!readsAll && !access.mayActFor(a.repId)) {
                        throw notFound(assignmentId);
                    }
                })
                .map(RepResource::view);
    }

    @POST
    @Path("/accept")
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<AssignmentView> accept(@PathParam("id") String id) {
        UUID assignmentId = parseId(id);
        return owned(assignmentId).chain(() -> answer(assignmentId, actions.accept(assignmentId)));
    }

    @POST
    @Path("/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<AssignmentView> decline(@PathParam("id") String id, DeclineRequest request) {
        UUID assignmentId = parseId(id);
        // Whose it is comes first: another rep learns nothing, not even that the body is wrong.
        return owned(assignmentId).chain(() -> declined(assignmentId, request));
    }

    private Uni<AssignmentView> declined(UUID assignmentId, DeclineRequest request) {
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw invalid(new FieldError("reason", reason == null || reason.isBlank()
                    ? "is required: say why the lead is declined" : "is longer than 500 characters"));
        }
        return answer(assignmentId, actions.decline(assignmentId, reason.trim()));
    }

    @POST
    @Path("/outcome")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<AssignmentView> outcome(@PathParam("id") String id, OutcomeRequest request) {
        UUID assignmentId = parseId(id);
        return owned(assignmentId).chain(() -> recorded(assignmentId, request));
    }

    private Uni<AssignmentView> recorded(UUID assignmentId, OutcomeRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Outcome outcome = null;
        if (request == null || request.outcome() == null) {
            errors.add(new FieldError("outcome", "is required: contacted, meeting_booked, disqualified or converted"));
        } else {
            try {
                outcome = Outcome.fromWire(request.outcome());
            } catch (RuntimeException e) {
                errors.add(new FieldError("outcome", "must be contacted, meeting_booked, disqualified or converted"));
            }
        }
        String reason = request == null || request.reason() == null ? null : request.reason().trim();
        if (outcome == Outcome.DISQUALIFIED && (reason == null || reason.isEmpty())) {
            errors.add(new FieldError("reason", "is required when the lead is disqualified"));
        }
        if (reason != null && reason.length() > 500) {
            errors.add(new FieldError("reason", "is longer than 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The outcome cannot be recorded.", errors));
        }
        return answer(assignmentId, actions.outcome(assignmentId, outcome, reason));
    }

    /** A manager moves an open assignment to a named rep, or to whoever routing picks next. */
    @POST
    @Path("/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<AssignmentView> reassign(@PathParam("id") String id, ReassignRequest request) {
        UUID assignmentId = parseId(id);
        List<FieldError> errors = new ArrayList<>();
        UUID repId = null;
        if (request != null && request.repId() != null) {
            try {
                repId = UUID.fromString(request.repId());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("repId", "is not a UUID"));
            }
        }
        String reason = request == null || request.reason() == null ? "" : request.reason().trim();
        if (reason.isEmpty() || reason.length() > 500) {
            errors.add(new FieldError("reason", "is required, up to 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The assignment cannot be reassigned.", errors));
        }
        UUID target = repId;
        return answer(assignmentId, actions.reassign(assignmentId, target, reason)
                .onFailure(AssignmentActions.UnknownRep.class).transform(e -> new ProblemException(Problem.invalid(
                        "The assignment cannot be reassigned.", List.of(new FieldError("repId", "no rep with this id"))))));
    }

    private static Uni<AssignmentView> answer(UUID assignmentId, Uni<AssignmentActions.Result> step) {
        return step
                .onFailure(LifecycleConflict.class).transform(e -> new ProblemException(Problem.of(
                        Response.Status.CONFLICT, ((LifecycleConflict) e).slug(), e.getMessage())))
                .onItem().ifNull().failWith(() -> notFound(assignmentId))
                .map(result -> RepResource.view(result.assignment()));
    }

    /**
     * An admin acts on any assignment; a rep only on their own (another rep's is answered like an unknown one). The
     * check reads the current holder: an assignment that moved on is no longer the former holder's to act on.
     */
    private Uni<Void> owned(UUID assignmentId) {
        if (access.isAdmin()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Assignment.<Assignment> findById(assignmentId))
                .onItem().ifNull().failWith(() -> notFound(assignmentId))
                .invoke(a -> {
                    // The former holder may still try: they learn it moved on (409) rather than that it vanished.
                    if (!access.mayActFor(a.repId) && !access.mayActFor(a.previousRepId)) {
                        throw notFound(assignmentId);
                    }
                })
                .replaceWithVoid();
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw invalid(new FieldError("id", "is not a UUID"));
        }
    }

    private static ProblemException invalid(FieldError error) {
        return new ProblemException(Problem.invalid("The request is not valid.", List.of(error)));
    }

    private static ProblemException notFound(UUID assignmentId) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "assignment-not-found",
                "No assignment with id " + assignmentId + "."));
    }
}
