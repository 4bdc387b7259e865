package io.leadflow.intake.imports;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spreadsheet headers, in English or French and their usual variants ("E-mail", "Courriel", "Prénom", "Société",
 * "Fonction", "Téléphone", "Pays"...), to lead fields. Headers are compared without accents, case, spaces or
 * punctuation.
 */
public final class ImportColumns {

    private static final Map<String, String> FIELDS = new HashMap<>();

    static {
        alias("email", "email", "e-mail", "mail", "courriel", "adresse email", "adresse e-mail", "adresse mail",
                "email address", "e-mail address", "work email", "email professionnel");
        alias("firstName", "first name", "firstname", "given name", "prenom", "prénom");
        alias("lastName", "last name", "lastname", "surname", "family name", "nom", "nom de famille");
        alias("company", "company", "company name", "organization", "organisation", "account", "account name",
                "societe", "société", "entreprise", "raison sociale", "employeur");
        alias("jobTitle", "job title", "title", "position", "role", "poste", "fonction", "titre", "intitule de poste");
        alias("phone", "phone", "phone number", "telephone", "téléphone", "tel", "tél", "mobile", "portable",
                "numero de telephone", "work phone");
        alias("country", "country", "pays", "country code", "code pays");
        alias("website", "website", "web site", "site web", "site internet", "url");
        alias("language", "language", "langue");
        alias("timeZone", "time zone", "timezone", "fuseau horaire");
        alias("campaign", "campaign", "campagne");
        alias("marketingConsent", "consent", "marketing consent", "opt in", "opt-in", "optin", "consentement",
                "accepte marketing", "newsletter opt in");
    }

    private ImportColumns() {
    }

    private static void alias(String field, String... headers) {
        for (String header : headers) {
            FIELDS.put(key(header), field);
        }
    }

    /** For each column, the lead field it fills (null for columns Leadflow ignores). */
    public static List<String> fieldsOf(List<String> headers) {
        return headers.stream().map(header -> header == null ? null : FIELDS.get(key(header))).toList();
    }

    static String key(String header) {
        return Normalizer.normalize(header.replace("\uFEFF", ""), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
