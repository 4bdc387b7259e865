package io.leadflow.intake.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads a country as forms and spreadsheets write it (ISO code, or its English or French name) into its ISO code. */
public final class Countries {

    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            BY_NAME.put(key(code), code);
            BY_NAME.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            BY_NAME.put(key(country.getDisplayCountry(Locale.FRENCH)), code);
        }
        Map.of("usa", "US", "united states of america", "US", "etats unis d amerique", "US", "uk", "GB",
                "great britain", "GB", "england", "GB", "angleterre", "GB", "grande bretagne", "GB", "holland", "NL",
                "deutschland", "DE").forEach(BY_NAME::put);
    }

    private Countries() {
    }

    public static Optional<String> isoCode(String country) {
        return country == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(key(country)));
    }

    private static String key(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]+", " ").strip();
    }
}
