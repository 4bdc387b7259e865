package io.leadflow.scoring.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.leadflow.scoring.persistence.StoredRuleSet;
import io.smallrye.mutiny.Uni;

/**
 * The rule set in force, read from the database for every lead so a version published on one instance applies on all
 * at once; parsed once per version.
 */
@ApplicationScoped
public class RuleSets {

    private final DomainList freeMail = DomainList.freeMail();
    private final DomainList disposable = DomainList.disposable();
    private final Map<String, RuleSet> parsed = new ConcurrentHashMap<>();

    /** The rule set in force; within a reactive session. */
    public Uni<RuleSet> active() {
        return StoredRuleSet.active().map(stored -> {
            if (stored == null) {
                throw new IllegalStateException("No published rule set: the shipped one is seeded at start-up");
            }
            return of(stored);
        });
    }

    public RuleSet of(StoredRuleSet stored) {
        return parsed.computeIfAbsent(stored.version, version -> build(RuleSetDefinition.parse(stored.definition)));
    }

    /** A rule set from a checked definition (drafts are simulated without being stored as published). */
    public RuleSet build(RuleSetDefinition definition) {
        return new RuleSet(definition, freeMail, disposable);
    }
}
