package io.leadflow.support.security;

import java.util.Set;

/**
 * The roles a Leadflow JWT carries in its {@code groups} claim. {@code admin} changes configuration and answers
 * privacy requests; {@code ops} reads everything to run the pipeline; {@code rep} works their own leads.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPS = "ops";
    public static final String REP = "rep";

    public static final Set<String> ALL = Set.of(ADMIN, OPS, REP);

    private Roles() {
    }
}
