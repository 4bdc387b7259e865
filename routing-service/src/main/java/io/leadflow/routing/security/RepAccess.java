package io.leadflow.routing.security;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.leadflow.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may act for a rep: an admin for anyone, a rep only for themself. A rep token names its rep by a {@code rep_id}
 * claim, or else by its subject. Resources answer 404 for another rep's data, so ids of others are not confirmed.
 */
@ApplicationScoped
public class RepAccess {

    /** The claim that names the rep when the subject is something else (an identity provider's user id). */
    public static final String REP_ID_CLAIM = "rep_id";

    @Inject
    SecurityIdentity identity;

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /** True for an admin, and for a rep token that names this rep. */
    public boolean mayActFor(UUID repId) {
        return mayActFor(identity, repId);
    }

    public static boolean mayActFor(SecurityIdentity identity, UUID repId) {
        if (identity == null || identity.isAnonymous() || repId == null) {
            return false;
        }
        if (identity.hasRole(Roles.ADMIN)) {
            return true;
        }
        return identity.hasRole(Roles.REP) && repOf(identity).filter(repId.toString()::equalsIgnoreCase).isPresent();
    }

    /** The rep a token speaks for, if it says. */
    public static Optional<String> repOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(REP_ID_CLAIM);
            if (claim != null) {
                return Optional.of(claim.toString().replace("\"", ""));
            }
            return Optional.ofNullable(jwt.getSubject());
        }
        return Optional.ofNullable(identity.getPrincipal().getName());
    }
}
