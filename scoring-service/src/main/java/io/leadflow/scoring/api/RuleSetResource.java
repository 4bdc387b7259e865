package io.leadflow.scoring.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.Enrichment;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadProfile;
import io.leadflow.scoring.config.ScoringConfig;
import io.leadflow.scoring.domain.RuleSet;
import io.leadflow.scoring.domain.RuleSetDefinition;
import io.leadflow.scoring.domain.RuleSetDefinition.InvalidRuleSetException;
import io.leadflow.scoring.domain.RuleSetSimulation;
import io.leadflow.scoring.persistence.RuleSets;
import io.leadflow.scoring.persistence.LeadScore;
import io.leadflow.scoring.persistence.ScoreContribution;
import io.leadflow.scoring.persistence.StoredRuleSet;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Rule set versions: list, read, save a draft (YAML), simulate it on the stored leads of the last days, publish it.
 * Publishing puts a version in force for every event from then on; publishing an older version again rolls back.
 * A published version never changes: save a new one.
 */
@Path("/api/v1/rulesets")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RuleSetResource {

    static final int PAGE = 500;
    static final int MAX_EXAMPLES = 100;

    @Inject
    Clock clock;

    @Inject
    RuleSets ruleSets;

    @Inject
    ScoringConfig config;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    @WithSession
    public Uni<List<RuleSetView>> list() {
        return StoredRuleSet.active().chain(active -> StoredRuleSet.newestFirst().map(all -> all.stream()
                .map(stored -> RuleSetView.of(stored, active == null ? null : active.version, false)).toList()));
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    @WithSession
    public Uni<RuleSetView> get(@PathParam("version") String version) {
        return StoredRuleSet.active().chain(active -> stored(version)
                .map(stored -> RuleSetView.of(stored, active == null ? null : active.version, true)));
    }

    @PUT
    @Path("/{version}")
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN })
    @WithTransaction
    public Uni<Response> save(@PathParam("version") String version, String yaml) {
        if (!storable(version)) {
            throw new ProblemException(Problem.invalid("The version cannot be stored.",
                    List.of(new FieldError("version", "1 to 64 characters, no control characters"))));
        }
        RuleSetDefinition definition = checked(yaml);
        if (!version.equals(definition.version())) {
            throw new ProblemException(Problem.invalid("The version in the path and in the rule set differ.",
                    List.of(new FieldError("version", "must be '" + version + "' as in the path"))));
        }
        return StoredRuleSet.<StoredRuleSet> findById(version).chain(existing -> {
            if (existing != null && StoredRuleSet.PUBLISHED.equals(existing.status)) {
                throw new ProblemException(Problem.of(Response.Status.CONFLICT, "rule-set-published",
                        "Rule set " + version + " is published and cannot change; save it as a new version."));
            }
            StoredRuleSet draft = existing != null ? existing : new StoredRuleSet();
            draft.version = version;
            draft.description = definition.description() == null ? null
                    : definition.description().substring(0, Math.min(500, definition.description().length()));
            draft.definition = yaml;
            draft.origin = "api";
            draft.status = StoredRuleSet.DRAFT;
            draft.createdAt = existing != null ? existing.createdAt : clock.instant();
            return draft.<StoredRuleSet> persist().map(saved -> Response
                    .status(existing == null ? Response.Status.CREATED : Response.Status.OK)
                    .entity(RuleSetView.of(saved, null, false)).build());
        });
    }

    @POST
    @Path("/{version}/publish")
    public Uni<RuleSetView> publish(@PathParam("version") String version) {
        return Panache.withTransaction(() -> StoredRuleSet.active().chain(active -> stored(version).chain(stored -> {
            if (active != null && active.version.equals(stored.version)) {
                return Uni.createFrom().item(RuleSetView.of(stored, active.version, false));
            }
            // A draft is checked again: the checks may be stricter than when it was saved.
            checked(stored.definition);
            stored.status = StoredRuleSet.PUBLISHED;
            stored.publishedAt = clock.instant();
            return stored.<StoredRuleSet> persist().map(saved -> RuleSetView.of(saved, saved.version, false));
        }))).invoke(ruleSets::forget);
    }

    @POST
    @Path("/{version}/simulate")
    @WithSession
    public Uni<RuleSetSimulation.Report> simulate(@PathParam("version") String version,
            @QueryParam("days") @DefaultValue("30") int days, @QueryParam("examples") @DefaultValue("10") int examples) {
        if (days < 1 || days > config.simulation().maxDays()) {
            throw new ProblemException(Problem.invalid("Cannot simulate over that period.", List.of(
                    new FieldError("days", "from 1 to " + config.simulation().maxDays()))));
        }
        if (examples < 0 || examples > MAX_EXAMPLES) {
            throw new ProblemException(Problem.invalid("Too many examples asked for.", List.of(
                    new FieldError("examples", "from 0 to " + MAX_EXAMPLES))));
        }
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(days));
        return stored(version).chain(stored -> ruleSets.active().chain(inForce -> {
            RuleSet draft = ruleSets.build(checked(stored.definition));
            RuleSetSimulation simulation = new RuleSetSimulation(inForce, draft, now, examples);
            return replay(simulation, since, 0).map(truncated -> simulation.report(days, since, truncated));
        }));
    }

    /** Feeds the simulation one page of leads at a time; returns whether it stopped at the configured maximum. */
    private Uni<Boolean> replay(RuleSetSimulation simulation, Instant since, int page) {
        int maxPages = Math.max(1, config.simulation().maxLeads() / PAGE);
        if (page >= maxPages) {
            return Uni.createFrom().item(true);
        }
        return LeadScore.<LeadScore> find("receivedAt >= ?1", Sort.by("receivedAt").and("leadId"), since)
                .page(Page.of(page, PAGE)).list()
                .chain(leads -> {
                    if (leads.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    List<UUID> ids = leads.stream().map(l -> l.leadId).toList();
                    return ScoreContribution.<ScoreContribution> list("leadId in ?1 order by occurredAt, createdAt, id", ids)
                            .invoke(rows -> {
                                Map<UUID, List<RuleSet.Earned>> earned = rows.stream().collect(Collectors.groupingBy(
                                        r -> r.leadId, HashMap::new, Collectors.mapping(ScoreContribution::earned,
                                                Collectors.toList())));
                                leads.forEach(lead -> simulation.add(new RuleSetSimulation.StoredLead(lead.leadId,
                                        EventJson.read(lead.leadSnapshot, LeadProfile.class),
                                        lead.enrichment == null ? null
                                                : EventJson.read(lead.enrichment, Enrichment.class),
                                        lead.answerMap(),
                                        earned.getOrDefault(lead.leadId, List.of()), lead.salesAcceptedAt != null)));
                            })
                            // The session would otherwise hold every lead read so far.
                            .chain(() -> Panache.getSession().invoke(session -> session.clear()))
                            .chain(() -> leads.size() < PAGE ? Uni.createFrom().item(false)
                                    : replay(simulation, since, page + 1));
                });
    }

    private static Uni<StoredRuleSet> stored(String version) {
        if (!storable(version)) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                    "rule-set-not-found", "No rule set version with that name.")));
        }
        return StoredRuleSet.<StoredRuleSet> findById(version).onItem().ifNull().failWith(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "rule-set-not-found", "No rule set version " + version + ".")));
    }

    /** A name the database can hold and look up: no control characters (PostgreSQL refuses NUL), 64 at most. */
    static boolean storable(String version) {
        return version != null && !version.isEmpty() && version.length() <= 64
                && version.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static RuleSetDefinition checked(String yaml) {
        try {
            return RuleSetDefinition.parse(yaml);
        } catch (InvalidRuleSetException e) {
            throw new ProblemException(Problem.invalid("The rule set is not valid.", e.violations().stream()
                    .map(v -> new FieldError(v.field().isEmpty() ? "definition" : v.field(), v.message())).toList()));
        }
    }
}
