package io.leadflow.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

/**
 * The start-up check of a service's secrets. Outside {@code local}, {@code dev} and {@code test}, every listed
 * secret must be set and the JWT verification key must be configured and must not be the public dev key; anything
 * missing stops the service with one message naming each variable to set. Each service calls it from a start-up
 * observer with its own list (see SECURITY.md, "Adopting the auth model").
 */
public final class SecretsCheck {

    /** A secret a service needs: its configuration property and the environment variable that sets it. */
    public record Secret(String property, String environmentVariable) {
    }

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    private SecretsCheck() {
    }

    /** Whether this profile runs on generated or shipped dev secrets. */
    public static boolean devProfile(String profile) {
        return profile != null && List.of(profile.split(",")).stream().map(String::strip)
                .anyMatch(p -> p.equals("local") || p.equals("dev") || p.equals("test"));
    }

    /** Throws {@link IllegalStateException} listing every problem; returns quietly when all is set. */
    public static void verify(Config config, String profile, List<Secret> secrets) {
        List<String> problems = problems(config, profile, secrets);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Leadflow refuses to start in profile '" + profile
                    + "' without its secrets: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Config config, String profile, List<Secret> secrets) {
        List<String> problems = new ArrayList<>();
        if (devProfile(profile)) {
            return problems;
        }
        Optional<String> key = value(config, PUBLIC_KEY);
        Optional<String> location = value(config, PUBLIC_KEY_LOCATION);
        if (key.isEmpty() && location.isEmpty()) {
            problems.add("no JWT verification key: set MP_JWT_VERIFY_PUBLICKEY (PEM or JWK) or "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a file or URL)");
        } else if (isDevKey(key.orElse(null), location.orElse(null))) {
            problems.add("the JWT verification key is Leadflow's public dev key, which anyone can sign with: "
                    + "configure your own key pair");
        }
        for (Secret secret : secrets) {
            if (value(config, secret.property()).isEmpty()) {
                problems.add(secret.property() + " is not set (environment variable " + secret.environmentVariable()
                        + ")");
            }
        }
        return problems;
    }

    private static Optional<String> value(Config config, String property) {
        try {
            return config.getOptionalValue(property, String.class).filter(v -> !v.isBlank());
        } catch (RuntimeException unresolved) {
            // An expression such as ${LEADFLOW_X} without its variable: as good as missing.
            return Optional.empty();
        }
    }

    static boolean isDevKey(String inlineKey, String location) {
        String devKey = devPublicKey();
        if (inlineKey != null && normalized(inlineKey).equals(devKey)) {
            return true;
        }
        if (location == null) {
            return false;
        }
        if (location.contains("leadflow/dev-jwt/")) {
            return true;
        }
        try {
            Path file = Path.of(location.replaceFirst("^file:", ""));
            return Files.isRegularFile(file)
                    && normalized(Files.readString(file, StandardCharsets.US_ASCII)).equals(devKey);
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static String devPublicKey() {
        try (InputStream in = SecretsCheck.class.getClassLoader().getResourceAsStream(DevTokens.DEV_PUBLIC_KEY)) {
            return in == null ? "" : normalized(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return "";
        }
    }

    private static String normalized(String pem) {
        return pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    }
}
