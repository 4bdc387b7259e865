package io.leadflow.intake.config;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.leadflow.support.security.DemoCredentials;
import io.leadflow.support.security.SecretsCheck;
import io.leadflow.support.security.SecretsCheck.Secret;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Outside the dev profiles, intake does not start without its JWT verification key, the tracking secret and at least
 * one API key (SECURITY.md).
 */
@Singleton
public class StartupSecrets {

    void check(@Observes StartupEvent started, Config config) {
        DemoCredentials.printIfLocal(ConfigUtils.getProfiles(), "intake-service");
        SecretsCheck.verify(config, String.join(",", ConfigUtils.getProfiles()), List.of(
                new Secret("leadflow.tracking.secret", "LEADFLOW_TRACKING_SECRET"),
                new Secret("leadflow.intake.api-keys", "LEADFLOW_INTAKE_API_KEYS")));
    }
}
