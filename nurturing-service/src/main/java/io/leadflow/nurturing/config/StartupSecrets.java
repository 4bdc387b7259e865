package io.leadflow.nurturing.config;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.leadflow.support.security.DemoCredentials;
import io.leadflow.support.security.SecretsCheck;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/** Outside the dev profiles, nurturing does not start without its JWT verification key (SECURITY.md). */
@Singleton
public class StartupSecrets {

    void check(@Observes StartupEvent started, Config config) {
        DemoCredentials.printIfLocal(ConfigUtils.getProfiles(), "nurturing-service");
        SecretsCheck.verify(config, String.join(",", ConfigUtils.getProfiles()), List.of());
    }
}
