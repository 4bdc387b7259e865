package io.leadflow.scoring.api;

import java.time.Instant;

import io.leadflow.scoring.persistence.StoredRuleSet;

/** A stored rule set version as the admin API shows it; {@code definition} (the YAML) only when asked for one. */
public record RuleSetView(String version, String description, String status, String origin, boolean inForce,
        Instant createdAt, Instant publishedAt, String definition) {

    static RuleSetView of(StoredRuleSet stored, String inForce, boolean withDefinition) {
        return new RuleSetView(stored.version, stored.description, stored.status, stored.origin,
                stored.version.equals(inForce), stored.createdAt, stored.publishedAt,
                withDefinition ? stored.definition : null);
    }
}
