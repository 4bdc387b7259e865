package io.leadflow.scoring.persistence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.scoring.config.ScoringConfig;
import io.leadflow.scoring.domain.DomainList;
import io.leadflow.scoring.domain.RuleSet;
import io.leadflow.scoring.domain.RuleSetDefinition;
import io.smallrye.mutiny.Uni;

/**
 * The rule set in force, read from the database at most every {@code leadflow.scoring.rule-set-refresh} (and at once
 * after a publish on this instance), so a version published on one instance is in force on all within that time;
 * parsed once per version.
 */
@ApplicationScoped
public class RuleSets {

    private record InForce(RuleSet rules, long readAt) {
    }

    private final DomainList freeMail = DomainList.freeMail();
    private final DomainList disposable = DomainList.disposable();
    private final Map<String, RuleSet> parsed = new ConcurrentHashMap<>();
    private volatile InForce inForce;

    @Inject
    ScoringConfig config;

    /** The rule set in force; within a reactive session. */
    public Uni<RuleSet> active() {
        InForce known = inForce;
        if (known != null && System.nanoTime() - known.readAt() < config.ruleSetRefresh().toNanos()) {
            return Uni.createFrom().item(known.rules());
        }
        long readAt = System.nanoTime();
        return StoredRuleSet.active().map(stored -> {
            if (stored == null) {
                throw new IllegalStateException("No published rule set: the shipped one is seeded at start-up");
            }
            RuleSet rules = of(stored);
            inForce = new InForce(rules, readAt);
            return rules;
        });
    }

    /** After a publish has committed: the next event reads the version in force again. */
    public void forget() {
        inForce = null;
    }

    public RuleSet of(StoredRuleSet stored) {
        return parsed.computeIfAbsent(stored.version, version -> build(RuleSetDefinition.parse(stored.definition)));
    }

    /** A rule set from a checked definition (drafts are simulated without being stored as published). */
    public RuleSet build(RuleSetDefinition definition) {
        return new RuleSet(definition, freeMail, disposable);
    }
}
