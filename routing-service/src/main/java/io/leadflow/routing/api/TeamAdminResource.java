package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import java.time.Clock;
import java.time.Duration;
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

import io.leadflow.routing.api.AdminRequests.Errors;
import io.leadflow.routing.api.AdminRequests.TeamRequest;
import io.leadflow.events.EventJson;
import io.leadflow.routing.domain.SlaCalendar;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.Team;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/admin/teams}: teams, their manager and their own acknowledgement time-out. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamAdminResource {

    public record TeamView(String id, String name, UUID managerRepId, Duration ackTimeout,
            SlaCalendar slaBusinessHours) {
    }

    @Inject
    Clock clock;

    @GET
    @WithSession
    public Uni<List<TeamView>> teams() {
        return Team.<Team> list("order by id").map(teams -> teams.stream().map(TeamAdminResource::view).toList());
    }

    /** Creates or replaces a team. */
    @PUT
    @Path("/{teamId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<TeamView> put(@PathParam("teamId") String teamId, TeamRequest request) {
        AdminRequests.teamId(teamId);
        Duration ackTimeout = AdminRequests.check(request);
        Uni<Boolean> managerExists = request.managerRepId() == null ? Uni.createFrom().item(true)
                : Rep.<Rep> findById(request.managerRepId()).map(rep -> rep != null);
        return managerExists.chain(exists -> {
            if (!exists) {
                Errors errors = new Errors();
                errors.add("managerRepId", "no rep with this id");
                errors.throwIfAny("The team is not valid.");
            }
            return Team.<Team> findById(teamId);
        }).chain(existing -> {
            Team team = existing != null ? existing : new Team();
            team.id = teamId;
            team.name = request.name().trim();
            team.managerRepId = request.managerRepId();
            team.ackTimeoutSeconds = ackTimeout == null ? null : (int) ackTimeout.toSeconds();
            team.slaCalendar = request.slaBusinessHours() == null ? null
                    : EventJson.write(request.slaBusinessHours());
            if (existing == null) {
                team.createdAt = clock.instant();
                return team.<Team> persist();
            }
            return Uni.createFrom().item(team);
        }).map(TeamAdminResource::view);
    }

    static TeamView view(Team team) {
        return new TeamView(team.id, team.name, team.managerRepId,
                team.ackTimeoutSeconds == null ? null : Duration.ofSeconds(team.ackTimeoutSeconds),
                team.calendar().orElse(null));
    }
}
