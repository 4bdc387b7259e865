package io.leadflow.scoring.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Seniority read from a job title, in English and French. */
public enum Seniority {
    EXECUTIVE("c_level"),
    VP("vp"),
    DIRECTOR("director"),
    MANAGER("manager"),
    INDIVIDUAL("individual_contributor"),
    UNKNOWN("unknown");

    // Accents are stripped before matching, so "Président" and "President" read the same.
    private static final Pattern EXECUTIVE_TITLE = Pattern.compile(
            "\\b(ceo|cfo|cto|coo|cmo|cio|cro|chief|pdg|dg|president|founder|co-founder|fondateur|fondatrice"
                    + "|directeur general|directrice generale|managing director|gerant|gerante)\\b");
    private static final Pattern VP_TITLE = Pattern.compile("\\b(vp|svp|evp|vice[- ]president|vice[- ]presidente)\\b");
    private static final Pattern DIRECTOR_TITLE = Pattern.compile("\\b(director|directeur|directrice|head of)\\b");
    private static final Pattern MANAGER_TITLE = Pattern.compile("\\b(manager|responsable|chef de|team lead)\\b");

    private final String label;

    Seniority(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Seniority of(String jobTitle) {
        if (jobTitle == null || jobTitle.isBlank()) {
            return UNKNOWN;
        }
        String title = Normalizer.normalize(jobTitle, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        if (EXECUTIVE_TITLE.matcher(title).find()) {
            return EXECUTIVE;
        }
        if (VP_TITLE.matcher(title).find()) {
            return VP;
        }
        if (DIRECTOR_TITLE.matcher(title).find()) {
            return DIRECTOR;
        }
        if (MANAGER_TITLE.matcher(title).find()) {
            return MANAGER;
        }
        return INDIVIDUAL;
    }
}
