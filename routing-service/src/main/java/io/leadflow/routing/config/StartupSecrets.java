package io.leadflow.routing.config;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import org.jboss.logging.Logger;

import io.leadflow.routing.persistence.DemoReps;
import io.leadflow.support.security.DemoCredentials;
import io.leadflow.support.security.DevTokens;
import io.leadflow.support.security.Roles;
import io.leadflow.support.security.SecretsCheck;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/** Outside the dev profiles, routing does not start without its JWT verification key (SECURITY.md). */
@Singleton
public class StartupSecrets {

    void check(@Observes StartupEvent started, Config config) {
        DemoCredentials.printIfLocal(ConfigUtils.getProfiles(), "routing-service");
        if (ConfigUtils.getProfiles().contains("local")) {
            // A rep reads only their own assignments: one token per demo rep, its id as subject.
            DevTokens tokens = DevTokens.local();
            StringBuilder message = new StringBuilder("Demo rep tokens for routing-service (local profile only):");
            for (String repId : DemoReps.ids()) {
                message.append("\n  rep ").append(repId).append(": ").append(tokens.issue(repId, Roles.REP));
            }
            Logger.getLogger(StartupSecrets.class).info(message);
        }
        SecretsCheck.verify(config, String.join(",", ConfigUtils.getProfiles()), List.of());
    }
}
