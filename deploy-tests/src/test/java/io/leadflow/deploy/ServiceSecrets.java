package io.leadflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a service refuses to start without in {@code prod}, read from its sources: a service calling
 * {@code SecretsCheck.verify} needs the JWT verification key, plus the variable of each {@code new Secret(...)} it
 * lists (SECURITY.md). A deployment that misses one would start a service that stops at once.
 */
final class ServiceSecrets {

    static final String JWT_KEY = "MP_JWT_VERIFY_PUBLICKEY";
    static final Pattern SECRET = Pattern.compile("new Secret\\(\"[^\"]+\",\\s*\"([A-Z0-9_]+)\"\\)");

    private ServiceSecrets() {
    }

    static Set<String> requiredBy(String service) {
        Set<String> variables = new TreeSet<>();
        for (Path source : Repo.files(Repo.ROOT.resolve(service + "-service/src/main/java"), ".java")) {
            try {
                String code = Files.readString(source);
                if (code.contains("SecretsCheck.verify(")) {
                    variables.add(JWT_KEY);
                }
                Matcher matcher = SECRET.matcher(code);
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return variables;
    }
}
