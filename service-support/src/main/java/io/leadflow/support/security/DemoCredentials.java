package io.leadflow.support.security;

import java.util.List;

import org.jboss.logging.Logger;

/**
 * Prints the demo tokens of the {@code local} profile at start, so {@code ./leadflow up} works out of the box: one
 * token per role, signed with the public dev key, valid 12 hours. Nothing is printed in any other profile.
 */
public final class DemoCredentials {

    private static final Logger LOG = Logger.getLogger(DemoCredentials.class);

    private DemoCredentials() {
    }

    public static void printIfLocal(List<String> profiles, String service) {
        if (!profiles.contains("local")) {
            return;
        }
        DevTokens tokens = DevTokens.local();
        StringBuilder message = new StringBuilder("Demo tokens for " + service
                + " (local profile only, dev key, 12 h; send as Authorization: Bearer <token>):");
        for (String role : List.of(Roles.ADMIN, Roles.OPS, Roles.REP)) {
            message.append("\n  ").append(role).append(": ").append(tokens.issue("demo-" + role, role));
        }
        LOG.info(message);
    }
}
