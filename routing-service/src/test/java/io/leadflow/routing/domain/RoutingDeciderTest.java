package io.leadflow.routing.domain;

import static io.leadflow.routing.domain.Reps.lead;
import static io.leadflow.routing.domain.Reps.rep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RoutingDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    final Candidate anna = rep("anna", "dach");
    final Candidate ben = rep("ben", "dach");
    final Candidate chloe = rep("chloe", "france");
    final Candidate dora = rep("dora", "default");
    final List<Candidate> everyone = List.of(anna, ben, chloe, dora);
    final List<Rule> rules = List.of(
            new Rule("dach", new RuleConditions(List.of("de", "AT", "CH"), null, null, null, null, null, null, null),
                    "dach", Distribution.WEIGHTED_ROUND_ROBIN),
            new Rule("big french", new RuleConditions(List.of("FR"), List.of("250-999", "1000+"), null, null, null,
                    null, null, null), "france", Distribution.LEAST_LOADED),
            new Rule("french", new RuleConditions(List.of("FR"), null, null, null, null, 50, null, null), "france",
                    Distribution.WEIGHTED_ROUND_ROBIN));

    @Test
    void theFirstMatchingRuleDecidesTheTeam() {
        RoutingPlan plan = RoutingDecider.plan(lead("AT"), Optional.empty(), rules, "default", everyone, Set.of(), NOW);

        assertThat(plan.rule()).isEqualTo("dach");
        assertThat(plan.team()).isEqualTo("dach");
        assertThat(plan.eligible()).containsExactlyInAnyOrder(anna, ben);
    }

    @Test
    void laterRulesApplyWhenEarlierOnesDoNotMatch() {
        // 120 employees: not a big French company, but a French lead scoring 60.
        RoutingPlan plan = RoutingDecider.plan(lead("FR"), Optional.empty(), rules, "default", everyone, Set.of(), NOW);

        assertThat(plan.rule()).isEqualTo("french");
        assertThat(plan.eligible()).containsExactly(chloe);
    }

    @Test
    void aLeadNoRuleMatchesGoesToTheDefaultTeam() {
        RoutingPlan plan = RoutingDecider.plan(lead("JP"), Optional.empty(), rules, "default", everyone, Set.of(), NOW);

        assertThat(plan.rule()).isEqualTo(RoutingDecider.DEFAULT_RULE);
        assertThat(plan.eligible()).containsExactly(dora);
    }

    @Test
    void anAvailableAccountOwnerComesFirstAndAnUnavailableOneIsSkippedWithTheReason() {
        RoutingPlan owned = RoutingDecider.plan(lead("AT"), Optional.of(chloe), rules, "default", everyone, Set.of(),
                NOW);
        assertThat(owned.rule()).isEqualTo(RoutingDecider.ACCOUNT_OWNER);
        assertThat(owned.eligible()).containsExactly(chloe);

        Candidate busyChloe = Reps.withOpen(chloe, 10);
        RoutingPlan busy = RoutingDecider.plan(lead("AT"), Optional.of(busyChloe), rules, "default",
                List.of(anna, ben, busyChloe), Set.of(), NOW);
        assertThat(busy.rule()).isEqualTo("dach");
        assertThat(busy.skipped()).containsExactly(new Skip(chloe.id(), "chloe", "account owner: at capacity (10/10)"));
    }

    @Test
    void skippedRepsAreListedWithWhyAndNobodyEligibleQueuesTheLead() {
        RoutingPlan plan = RoutingDecider.plan(lead("AT"), Optional.empty(), rules, "default",
                List.of(Reps.withOpen(anna, 10), Reps.inactive(ben)), Set.of(), NOW);

        assertThat(plan.nobodyEligible()).isTrue();
        assertThat(plan.exhausted()).isFalse();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactlyInAnyOrder("at capacity (10/10)",
                "inactive");
    }

    @Test
    void whenEveryRepAlreadyHadTheLeadItIsExhausted() {
        RoutingPlan plan = RoutingDecider.plan(lead("AT"), Optional.empty(), rules, "default", everyone,
                Set.of(anna.id(), ben.id()), NOW);

        assertThat(plan.nobodyEligible()).isTrue();
        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.skipped()).extracting(Skip::reason).containsOnly("already had this lead");
    }

    @Test
    void ownerOnlyWaitsForTheOwner() {
        List<Rule> ownerOnly = List.of(new Rule("key accounts", RuleConditions.any(), "dach", Distribution.OWNER_ONLY));

        RoutingPlan plan = RoutingDecider.plan(lead("AT"), Optional.of(Reps.withOpen(anna, 10)), ownerOnly, "default",
                everyone, Set.of(), NOW);

        assertThat(plan.nobodyEligible()).isTrue();
        assertThat(plan.exhausted()).isFalse();
    }

    @Test
    void leastLoadedPicksTheRepWithFewestOpenAssignments() {
        assertThat(RoutingDecider.leastLoaded(List.of(Reps.withOpen(anna, 3), Reps.withOpen(ben, 1))).name())
                .isEqualTo("ben");
    }
}
