package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import io.leadflow.routing.security.RepAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.Outcome;
import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadSummary;
import io.leadflow.routing.live.PendingMessages;
import io.leadflow.routing.live.RepMessage;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.live.RepPresence;
import io.leadflow.routing.domain.AssignmentDeadlineSweeper;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.OwnContext;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.RepTask;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.vertx.VertxContexts;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.Vertx;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/reps")
@Produces(MediaType.APPLICATION_JSON)
public class RepResource {

    public record RepView(UUID id, String name, String email, String team, boolean active, String presence) {
    }

    public record PresenceRequest(String status) {
    }

    public record AssignmentView(UUID assignmentId, UUID leadId, UUID repId, String team, AssignmentStatus status,
            LeadSummary lead, int score, String grade, Temperature temperature, List<String> reasons,
            Instant receivedAt, Instant assignedAt, Instant acceptBy, Instant acceptedAt, UUID previousRepId,
            Outcome outcome, String outcomeReason, Instant closedAt, String closedReason) {
    }

    @Inject
    RepNotifier notifier;

    @Inject
    PendingMessages pending;

    @Inject
    Vertx vertx;

    @Inject
    RepPresence presence;

    @Inject
    AssignmentDeadlineSweeper sweeper;

    @Inject
    RepAccess access;

    @GET
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    public Uni<List<RepView>> reps() {
        return Rep.<Rep> list("order by name")
                .map(reps -> reps.stream().map(this::view).toList());
    }

    /**
     * A rep says they are {@code away} (no new leads until back) or {@code online} again; being back may let queued
     * leads reach them at once. {@code offline} is not a choice: it is having no console open.
     */
    @PUT
    @Path("/{repId}/presence")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<RepView> presence(@PathParam("repId") String repId, PresenceRequest request) {
        UUID id = ownRep(repId);
        String status = request == null ? null : request.status();
        if (!"away".equals(status) && !"online".equals(status)) {
            throw new ProblemException(Problem.invalid("The presence cannot be set.",
                    List.of(new FieldError("status", "must be away or online"))));
        }
        return Panache.withTransaction(() -> Rep.<Rep> findById(id)
                .onItem().ifNull().failWith(() -> unknownRep(id))
                .invoke(rep -> rep.away = "away".equals(status)))
                .invoke(sweeper::wake)
                .map(this::view);
    }

    RepView view(Rep r) {
        return new RepView(r.id, r.name, r.email, r.team, r.active, presence.of(r.id, r.away, r.consoleSeenAt));
    }

    @GET
    @Path("/{repId}/assignments")
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<List<AssignmentView>> assignments(@PathParam("repId") String repId) {
        UUID id = ownRep(repId);
        return Rep.<Rep> findById(id)
                .onItem().ifNull().failWith(() -> unknownRep(id))
                .chain(rep -> Assignment.ofRep(id))
                .map(assignments -> assignments.stream().map(RepResource::view).toList());
    }

    public record TaskView(UUID taskId, UUID leadId, String channel, String note, Instant dueAt, Instant createdAt,
            UUID enrollmentId, Integer step) {
    }

    /** The rep's open call and LinkedIn tasks from nurturing, oldest first. */
    @GET
    @Path("/{repId}/tasks")
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Uni<List<TaskView>> tasks(@PathParam("repId") String repId) {
        UUID id = ownRep(repId);
        return Rep.<Rep> findById(id)
                .onItem().ifNull().failWith(() -> unknownRep(id))
                .chain(rep -> RepTask.openOfRep(id))
                .map(tasks -> tasks.stream().map(t -> new TaskView(t.id, t.leadId, t.channel.wire(), t.note, t.dueAt,
                        t.createdAt, t.enrollmentId, t.step)).toList());
    }

    /**
     * Server-sent events for clients without WebSocket: what the rep still has to accept first (the same ids as the
     * socket, so a reconnecting client de-duplicates), then every message pushed to the rep on this instance.
     */
    @GET
    @Path("/{repId}/assignments/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    // Blocking only to check the rep before the stream starts: once it has, an error could no longer be a 404 problem.
    @Blocking
    @RolesAllowed({ Roles.ADMIN, Roles.REP })
    public Multi<RepMessage> stream(@PathParam("repId") String repId) {
        UUID id = ownRep(repId);
        if (!VertxContexts.await(vertx, () -> pending.exists(id), Duration.ofSeconds(10))) {
            throw unknownRep(id);
        }
        // Live messages are buffered from before the replay is read, so nothing pushed in between is missed (it may
        // come twice, with the same ids).
        Multi<RepMessage> live = notifier.live(id).onOverflow().buffer(256);
        // The replay reads on a context of its own: the request's has already served the rep check and the
        // authentication, and a session opened there is not the stream's to keep.
        Uni<List<RepMessage>> replay = Uni.createFrom().emitter(emitter -> OwnContext.run(vertx,
                () -> pending.of(id).subscribe().with(emitter::complete, emitter::fail)));
        return Multi.createBy().merging().streams(live, replay.toMulti()
                .onItem().transformToIterable(list -> list))
                .onSubscription().invoke(() -> presence.opened(id))
                .onTermination().invoke(() -> presence.closed(id));
    }

    /** The rep of the path, when the caller may act for them; another rep's id is answered like an unknown one. */
    UUID ownRep(String repId) {
        UUID id = AssignmentResource.parseId(repId);
        if (!access.mayActFor(id)) {
            throw unknownRep(id);
        }
        return id;
    }

    static ProblemException unknownRep(UUID repId) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "rep-not-found",
                "No rep with id " + repId + "."));
    }

    static AssignmentView view(Assignment a) {
        return new AssignmentView(a.id, a.leadId, a.repId, a.teamId, a.status,
                EventJson.read(a.leadSummary, LeadSummary.class), a.score, a.grade, a.temperature,
                List.of(EventJson.read(a.reasons, String[].class)), a.receivedAt, a.assignedAt, a.acceptBy,
                a.acceptedAt, a.previousRepId, a.outcome, a.outcomeReason, a.closedAt, a.closedReason);
    }
}
