package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.leadflow.events.EventJson;
import io.leadflow.routing.api.AdminRequests.Errors;
import io.leadflow.routing.api.AdminRequests.RuleRequest;
import io.leadflow.routing.domain.AssignmentDeadlineSweeper;
import io.leadflow.routing.domain.Distribution;
import io.leadflow.routing.domain.RuleConditions;
import io.leadflow.routing.persistence.RoutingRuleRow;
import io.leadflow.routing.persistence.Team;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/admin/rules}: the ordered routing rules, read and replaced as one list, so their order is always the
 * one an admin sent. A lead no rule matches goes to the default team ({@code LEADFLOW_ROUTING_DEFAULT_TEAM}).
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleAdminResource {

    public record RuleView(String name, RuleConditions conditions, String team, Distribution distribution) {
    }

    @Inject
    AssignmentDeadlineSweeper sweeper;

    @GET
    @WithSession
    public Uni<List<RuleView>> rules() {
        return RoutingRuleRow.inOrder().map(rows -> rows.stream().map(RuleAdminResource::view).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<List<RuleView>> replace(List<RuleRequest> request) {
        Errors errors = new Errors();
        if (request == null) {
            errors.add("$", "a JSON array of rules is required");
            errors.throwIfAny("The rules are not valid.");
        }
        List<Distribution> distributions = new ArrayList<>();
        for (int i = 0; i < request.size(); i++) {
            distributions.add(AdminRequests.check(request, i, errors));
        }
        errors.throwIfAny("The rules are not valid.");
        Set<String> teams = request.stream().map(RuleRequest::team).collect(Collectors.toSet());
        return Panache.withTransaction(() -> Team.<Team> list("id in ?1", teams).chain(known -> {
            Set<String> knownIds = known.stream().map(team -> team.id).collect(Collectors.toSet());
            Errors unknown = new Errors();
            for (int i = 0; i < request.size(); i++) {
                if (!knownIds.contains(request.get(i).team())) {
                    unknown.add("[" + i + "].team", "no team with id '" + request.get(i).team() + "'");
                }
            }
            unknown.throwIfAny("The rules are not valid.");
            return RoutingRuleRow.deleteAll();
        }).chain(() -> {
            List<RoutingRuleRow> rows = new ArrayList<>();
            for (int i = 0; i < request.size(); i++) {
                RuleRequest rule = request.get(i);
                RoutingRuleRow row = new RoutingRuleRow();
                row.id = UUID.randomUUID();
                row.position = i;
                row.name = rule.name().trim();
                row.conditions = EventJson.write(rule.conditions() == null ? RuleConditions.any() : rule.conditions());
                row.teamId = rule.team();
                row.distribution = distributions.get(i);
                rows.add(row);
            }
            // Deletes first: positions are unique, and the new list reuses them.
            return Panache.getSession().chain(session -> session.flush())
                    .chain(() -> RoutingRuleRow.persist(rows)).replaceWith(rows);
        })).map(rows -> rows.stream().map(RuleAdminResource::view).toList()).invoke(sweeper::wake);
    }

    static RuleView view(RoutingRuleRow row) {
        return new RuleView(row.name, EventJson.read(row.conditions, RuleConditions.class), row.teamId,
                row.distribution);
    }
}
