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

/**
 * A list of email domains the service ships as a data file: consumer mailboxes
 * ({@code scoring/free-mail-domains.txt}) and disposable-address services ({@code scoring/disposable-domains.txt}).
 * A sub-domain of a listed domain is listed too ({@code eu.mailinator.com}).
 */
public final class DomainList {

    private final Set<String> domains;

    DomainList(Set<String> domains) {
        this.domains = domains;
    }

    public static DomainList freeMail() {
        return shipped("/scoring/free-mail-domains.txt");
    }

    public static DomainList disposable() {
        return shipped("/scoring/disposable-domains.txt");
    }

    private static DomainList shipped(String resource) {
        try (InputStream in = DomainList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the service");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new DomainList(reader.lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(String domain) {
        if (domain == null) {
            return false;
        }
        String candidate = domain.toLowerCase(Locale.ROOT);
        while (true) {
            if (domains.contains(candidate)) {
                return true;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) {
                return false;
            }
            candidate = candidate.substring(dot + 1);
        }
    }
}
