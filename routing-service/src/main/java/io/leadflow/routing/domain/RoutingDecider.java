package io.leadflow.routing.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides where a lead goes. The account owner first, when the lead's company has one and the owner can take it now;
 * otherwise the first rule whose conditions match, or the default team when none does; then the team's reps who can
 * take it now (see {@link Eligibility}), less those who already had this lead.
 */
public final class RoutingDecider {

    public static final String ACCOUNT_OWNER = "account owner";
    public static final String DEFAULT_RULE = "default team (no rule matched)";

    private RoutingDecider() {
    }

    /**
     * @param owner the owner of the lead's account, when it has one
     * @param reps every rep, with their open assignments
     * @param alreadyHad reps who already had this lead (declined it or let it time out)
     */
    public static RoutingPlan plan(LeadFacts lead, Optional<Candidate> owner, List<Rule> rules, String defaultTeam,
            List<Candidate> reps, Set<UUID> alreadyHad, Instant now) {
        List<Skip> skipped = new ArrayList<>();
        if (owner.isPresent()) {
            Candidate accountOwner = owner.get();
            Optional<String> whyNot = alreadyHad.contains(accountOwner.id()) ? Optional.of("already had this lead")
                    : Eligibility.whyNot(accountOwner, lead, now);
            if (whyNot.isEmpty()) {
                return new RoutingPlan(accountOwner.team(), ACCOUNT_OWNER, Distribution.OWNER_ONLY,
                        List.of(accountOwner), List.of(), false);
            }
            skipped.add(new Skip(accountOwner.id(), accountOwner.name(), "account owner: " + whyNot.get()));
        }
        Rule rule = rules.stream().filter(r -> r.conditions().matches(lead)).findFirst()
                .orElse(new Rule(DEFAULT_RULE, RuleConditions.any(), defaultTeam, Distribution.WEIGHTED_ROUND_ROBIN));
        if (rule.distribution() == Distribution.OWNER_ONLY) {
            // The owner (if any) was refused above; this rule gives nobody else the lead, so it waits for them.
            return new RoutingPlan(rule.team(), rule.name(), rule.distribution(), List.of(), skipped,
                    owner.isEmpty() || alreadyHad.contains(owner.get().id()));
        }
        List<Candidate> team = reps.stream().filter(rep -> rule.team().equals(rep.team()))
                .sorted(Comparator.comparing(Candidate::id)).toList();
        List<Candidate> eligible = new ArrayList<>();
        boolean someoneCouldStill = false;
        for (Candidate rep : team) {
            if (alreadyHad.contains(rep.id())) {
                skipped.add(new Skip(rep.id(), rep.name(), "already had this lead"));
                continue;
            }
            Optional<String> whyNot = Eligibility.whyNot(rep, lead, now);
            if (whyNot.isPresent()) {
                skipped.add(new Skip(rep.id(), rep.name(), whyNot.get()));
                someoneCouldStill |= rep.active();
            } else {
                eligible.add(rep);
            }
        }
        boolean exhausted = eligible.isEmpty() && !someoneCouldStill && !alreadyHad.isEmpty();
        return new RoutingPlan(rule.team(), rule.name(), rule.distribution(), eligible, skipped, exhausted);
    }

    /** The rep with the fewest open assignments; ties go to the first in the stable order. */
    public static Candidate leastLoaded(List<Candidate> eligible) {
        return eligible.stream().min(Comparator.comparingInt(Candidate::openAssignments)).orElseThrow();
    }
}
