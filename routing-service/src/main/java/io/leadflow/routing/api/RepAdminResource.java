package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.leadflow.events.EventJson;
import io.leadflow.routing.api.AdminRequests.Errors;
import io.leadflow.routing.api.AdminRequests.RepRequest;
import io.leadflow.routing.domain.Absence;
import io.leadflow.routing.domain.AssignmentDeadlineSweeper;
import io.leadflow.routing.domain.WorkingHours;
import io.leadflow.routing.outbound.OutboundTargets;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.Team;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/admin/reps}: reps with their team, territories, languages, capacity, weight, working hours in their
 * own time zone and out-of-office periods. A change can make a rep eligible, so the queue is swept right after it.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/reps")
@Produces(MediaType.APPLICATION_JSON)
public class RepAdminResource {

    public record RepDetails(UUID id, String name, String email, String team, boolean active, List<String> territories,
            List<String> languages, int capacity, int weight, String timeZone, List<WorkingHours> workingHours,
            List<Absence> outOfOffice, List<String> employeeBands, List<String> industries,
            String notifyWebhookUrl) {
    }

    @Inject
    Clock clock;

    @Inject
    AssignmentDeadlineSweeper sweeper;

    @Inject
    OutboundTargets targets;

    @GET
    @WithSession
    public Uni<List<RepDetails>> reps() {
        return Rep.<Rep> list("order by name").map(reps -> reps.stream().map(RepAdminResource::view).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<RepDetails>> create(RepRequest request) {
        check(request);
        return Panache.withTransaction(() -> save(null, request)).invoke(sweeper::wake)
                .map(rep -> RestResponse.status(Response.Status.CREATED, rep));
    }

    @PUT
    @Path("/{repId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RepDetails> update(@PathParam("repId") String repId, RepRequest request) {
        UUID id = AssignmentResource.parseId(repId);
        check(request);
        return Panache.withTransaction(() -> save(id, request)).invoke(sweeper::wake);
    }

    /** The body's fields, then the rep's own webhook against the outbound guard. */
    private void check(RepRequest request) {
        AdminRequests.check(request);
        if (request.notifyWebhookUrl() != null) {
            Errors errors = new Errors();
            targets.refusal(request.notifyWebhookUrl()).ifPresent(why -> errors.add("notifyWebhookUrl", why));
            errors.throwIfAny("The rep is not valid.");
        }
    }

    private Uni<RepDetails> save(UUID id, RepRequest request) {
        String email = request.email().trim().toLowerCase(java.util.Locale.ROOT);
        return Team.<Team> findById(request.team()).<Rep> chain(team -> {
            if (team == null) {
                Errors errors = new Errors();
                errors.add("team", "no team with id '" + request.team() + "'");
                errors.throwIfAny("The rep is not valid.");
            }
            return Rep.<Rep> find("email", email).firstResult();
        }).chain(sameEmail -> {
            if (sameEmail != null && !sameEmail.id.equals(id)) {
                throw new ProblemException(Problem.of(Response.Status.CONFLICT, "rep-email-taken",
                        "Another rep already has the email " + email + "."));
            }
            return id == null ? Uni.createFrom().item((Rep) null) : Rep.<Rep> findById(id);
        }).chain(existing -> {
            if (id != null && existing == null) {
                throw RepResource.unknownRep(id);
            }
            Rep rep = existing != null ? existing : new Rep();
            Instant now = clock.instant();
            rep.name = request.name().trim();
            rep.email = email;
            rep.team = request.team();
            rep.active = request.active() == null || request.active();
            rep.territories = EventJson.write(AdminRequests.list(request.territories()).stream()
                    .map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList());
            rep.languages = EventJson.write(AdminRequests.list(request.languages()).stream()
                    .map(l -> l.trim().toLowerCase(java.util.Locale.ROOT)).toList());
            rep.capacity = request.capacity();
            rep.weight = request.weight() == null ? 1 : request.weight();
            rep.timeZone = request.timeZone();
            rep.workingHours = EventJson.write(request.workingHours());
            rep.outOfOffice = EventJson.write(AdminRequests.list(request.outOfOffice()));
            rep.notifyWebhookUrl = request.notifyWebhookUrl() == null ? null : request.notifyWebhookUrl().strip();
            rep.employeeBands = EventJson.write(AdminRequests.list(request.employeeBands()));
            rep.industries = EventJson.write(AdminRequests.list(request.industries()).stream()
                    .map(i -> i.trim().toLowerCase(java.util.Locale.ROOT)).distinct().toList());
            if (existing == null) {
                rep.id = UUID.randomUUID();
                rep.createdAt = now;
                return rep.<Rep> persist();
            }
            return Uni.createFrom().item(rep);
        }).map(RepAdminResource::view);
    }

    static RepDetails view(Rep rep) {
        return new RepDetails(rep.id, rep.name, rep.email, rep.team, rep.active, rep.territoryList(),
                rep.languageList(), rep.capacity, rep.weight, rep.timeZone, rep.workingHoursList(),
                rep.outOfOfficeList(), rep.segments().employeeBands(), rep.segments().industries(),
                rep.notifyWebhookUrl);
    }
}
