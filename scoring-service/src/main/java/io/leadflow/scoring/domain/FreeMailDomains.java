package io.leadflow.scoring.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Consumer mailbox domains, from the list the service ships ({@code scoring/free-mail-domains.txt}). */
public final class FreeMailDomains {

    private final Set<String> domains;

    FreeMailDomains(Set<String> domains) {
        this.domains = domains;
    }

    public static FreeMailDomains shipped() {
        try (InputStream in = FreeMailDomains.class.getResourceAsStream("/scoring/free-mail-domains.txt")) {
            if (in == null) {
                throw new IllegalStateException("scoring/free-mail-domains.txt is missing from the service");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new FreeMailDomains(reader.lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(String domain) {
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
