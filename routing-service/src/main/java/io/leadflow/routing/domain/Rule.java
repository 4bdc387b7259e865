package io.leadflow.routing.domain;

/** One routing rule, in its place in the ordered list. */
public record Rule(String name, RuleConditions conditions, String team, Distribution distribution) {
}
