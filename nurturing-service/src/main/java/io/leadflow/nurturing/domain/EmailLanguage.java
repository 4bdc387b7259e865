package io.leadflow.nurturing.domain;

import java.util.Locale;
import java.util.Set;

/**
 * Which of the template languages an email is written in: the lead's own language when a template exists in it,
 * otherwise French for the French-speaking countries, otherwise English.
 */
public final class EmailLanguage {

    public static final Set<String> AVAILABLE = Set.of("en", "fr");
    private static final Set<String> FRENCH_SPEAKING = Set.of("FR", "BE", "LU", "MC", "CH", "SN", "CI", "MA", "TN",
            "DZ", "CM");

    private EmailLanguage() {
    }

    public static String of(String language, String country) {
        if (language != null) {
            String primary = language.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
            if (AVAILABLE.contains(primary)) {
                return primary;
            }
        }
        if (language == null && country != null && FRENCH_SPEAKING.contains(country.strip().toUpperCase(Locale.ROOT))) {
            return "fr";
        }
        return "en";
    }
}
