package io.leadflow.nurturing.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a lead may receive marketing email: where its country requires opt-in (the EU and EEA by default), only
 * with recorded consent; elsewhere (soft opt-in for B2B) unless it refused. A lead whose country is unknown is
 * treated as opt-in, the safe side. Such leads still get the rep tasks of their sequence.
 */
public final class ConsentPolicy {

    /** The EU member states and the other EEA countries (Iceland, Liechtenstein, Norway). */
    public static final Set<String> EU_AND_EEA = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
            "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
            "LI", "NO");

    private final Set<String> optInCountries;

    public ConsentPolicy(Collection<String> optInCountries) {
        this.optInCountries = optInCountries.stream().map(c -> c.strip().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean requiresOptIn(String country) {
        return country == null || country.isBlank() || optInCountries.contains(country.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * {@code consented}: the person's recorded answer. Outside opt-in countries the answer still counts when it was
     * a refusal, which the scored event cannot tell from no answer, so only opt-in countries are gated.
     */
    public boolean allowsMarketingEmail(String country, boolean consented) {
        return consented || !requiresOptIn(country);
    }
}
