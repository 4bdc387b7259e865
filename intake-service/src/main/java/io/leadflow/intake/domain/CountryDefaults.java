package io.leadflow.intake.domain;

import java.util.Map;

/** The language and time zone a lead most likely has when the form did not say, from its country. */
public final class CountryDefaults {

    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("FR", "fr"), Map.entry("BE", "fr"), Map.entry("LU", "fr"), Map.entry("MC", "fr"),
            Map.entry("CH", "de"), Map.entry("DE", "de"), Map.entry("AT", "de"), Map.entry("ES", "es"),
            Map.entry("MX", "es"), Map.entry("AR", "es"), Map.entry("CO", "es"), Map.entry("CL", "es"),
            Map.entry("IT", "it"), Map.entry("PT", "pt"), Map.entry("BR", "pt"), Map.entry("NL", "nl"),
            Map.entry("PL", "pl"), Map.entry("SE", "sv"), Map.entry("DK", "da"), Map.entry("NO", "nb"),
            Map.entry("FI", "fi"), Map.entry("JP", "ja"), Map.entry("CN", "zh"), Map.entry("MA", "fr"),
            Map.entry("TN", "fr"), Map.entry("SN", "fr"), Map.entry("CI", "fr"));

    private static final Map<String, String> TIME_ZONES = Map.ofEntries(
            Map.entry("FR", "Europe/Paris"), Map.entry("BE", "Europe/Brussels"), Map.entry("LU", "Europe/Luxembourg"),
            Map.entry("CH", "Europe/Zurich"), Map.entry("DE", "Europe/Berlin"), Map.entry("AT", "Europe/Vienna"),
            Map.entry("ES", "Europe/Madrid"), Map.entry("IT", "Europe/Rome"), Map.entry("PT", "Europe/Lisbon"),
            Map.entry("NL", "Europe/Amsterdam"), Map.entry("PL", "Europe/Warsaw"), Map.entry("SE", "Europe/Stockholm"),
            Map.entry("DK", "Europe/Copenhagen"), Map.entry("NO", "Europe/Oslo"), Map.entry("FI", "Europe/Helsinki"),
            Map.entry("IE", "Europe/Dublin"), Map.entry("GB", "Europe/London"), Map.entry("US", "America/New_York"),
            Map.entry("CA", "America/Toronto"), Map.entry("MX", "America/Mexico_City"),
            Map.entry("BR", "America/Sao_Paulo"), Map.entry("AR", "America/Argentina/Buenos_Aires"),
            Map.entry("CO", "America/Bogota"), Map.entry("CL", "America/Santiago"), Map.entry("JP", "Asia/Tokyo"),
            Map.entry("CN", "Asia/Shanghai"), Map.entry("IN", "Asia/Kolkata"), Map.entry("SG", "Asia/Singapore"),
            Map.entry("AU", "Australia/Sydney"), Map.entry("NZ", "Pacific/Auckland"), Map.entry("MA", "Africa/Casablanca"),
            Map.entry("TN", "Africa/Tunis"), Map.entry("SN", "Africa/Dakar"), Map.entry("CI", "Africa/Abidjan"),
            Map.entry("ZA", "Africa/Johannesburg"), Map.entry("AE", "Asia/Dubai"), Map.entry("IL", "Asia/Jerusalem"));

    private CountryDefaults() {
    }

    public static String language(String country) {
        return LANGUAGES.getOrDefault(country, "en");
    }

    /** The country's main time zone; UTC for a country whose zone we do not know. */
    public static String timeZone(String country) {
        return TIME_ZONES.getOrDefault(country, "UTC");
    }
}
