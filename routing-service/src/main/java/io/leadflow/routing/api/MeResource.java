package io.leadflow.routing.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.leadflow.routing.live.RepPresence;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.Team;
import io.leadflow.routing.security.RepAccess;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /api/v1/me}: who the caller's token says they are, for the rep console's sign-in. A rep token names its
 * rep ({@code rep_id} claim or subject); {@code repId} is null when the token names no known rep (an admin's, an
 * ops token, a rep who was never added). {@code serverTime} lets the console count SLA deadlines on the service's
 * clock rather than on a browser's that may be off.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    public record MeView(String subject, List<String> roles, UUID repId, String name, String team, String presence,
            List<String> managerOf, Instant serverTime) {
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    RepPresence presence;

    @Inject
    Clock clock;

    @GET
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.OPS, Roles.REP })
    public Uni<MeView> me() {
        String subject = identity.getPrincipal().getName();
        List<String> roles = Roles.ALL.stream().filter(identity::hasRole).sorted().toList();
        Optional<UUID> repId = identity.hasRole(Roles.REP) ? RepAccess.repOf(identity).flatMap(MeResource::uuid)
                : Optional.empty();
        if (repId.isEmpty()) {
            return Uni.createFrom().item(new MeView(subject, roles, null, null, null, null, List.of(),
                    clock.instant()));
        }
        return Rep.<Rep> findById(repId.get()).chain(rep -> rep == null
                ? Uni.createFrom().item(new MeView(subject, roles, null, null, null, null, List.of(), clock.instant()))
                : Team.<Team> list("managerRepId", rep.id).map(teams -> new MeView(subject, roles, rep.id, rep.name,
                        rep.team, presence.of(rep.id, rep.away, rep.consoleSeenAt),
                        teams.stream().map(t -> t.id).sorted().toList(), clock.instant())));
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
