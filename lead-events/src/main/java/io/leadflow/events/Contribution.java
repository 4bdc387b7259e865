package io.leadflow.events;

/** One rule's share of a score: which rule, how many points, and why, in words a rep can read. */
public record Contribution(String rule, int points, String reason) {
}
