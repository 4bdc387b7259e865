package io.leadflow.scoring.domain;

import java.util.regex.Pattern;

/** Seniority read from a job title, in English and French. */
public enum Seniority {
    EXECUTIVE("c_level"),
    VP("vp"),
    DIRECTOR("director"),
    HEAD("head"),
    MANAGER("manager"),
    INDIVIDUAL("individual_contributor"),
    STUDENT("student_or_intern"),
    UNKNOWN("unknown");

    // Titles are compared without accents (see Titles.normalize), so "Président" and "President" read the same.
    private static final Pattern STUDENT_TITLE = Pattern.compile(
            "\\b(stagiaire|intern|internship|student|etudiante?|alternante?|apprentie?|trainee)\\b");
    private static final Pattern EXECUTIVE_TITLE = Pattern.compile(
            "\\b(ceo|cfo|cto|coo|cmo|cio|cro|chief|pdg|dg|president|presidente|founder|co-founder|fondateur|fondatrice"
                    + "|directeur general|directrice generale|managing director|gerant|gerante|owner)\\b");
    private static final Pattern VP_TITLE = Pattern.compile("\\b(vp|svp|evp|vice[- ]president|vice[- ]presidente)\\b");
    private static final Pattern DIRECTOR_TITLE = Pattern.compile("\\b(director|directeur|directrice|daf|dsi|drh)\\b");
    private static final Pattern HEAD_TITLE = Pattern.compile("\\b(head of|head|responsable de departement)\\b");
    private static final Pattern MANAGER_TITLE = Pattern.compile(
            "\\b(manager|responsable|chef de|chef|team lead|lead|supervisor|superviseur)\\b");

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
        String title = Titles.normalize(jobTitle);
        if (STUDENT_TITLE.matcher(title).find()) {
            return STUDENT;
        }
        if (EXECUTIVE_TITLE.matcher(title).find()) {
            return EXECUTIVE;
        }
        if (VP_TITLE.matcher(title).find()) {
            return VP;
        }
        if (DIRECTOR_TITLE.matcher(title).find()) {
            return DIRECTOR;
        }
        if (HEAD_TITLE.matcher(title).find()) {
            return HEAD;
        }
        if (MANAGER_TITLE.matcher(title).find()) {
            return MANAGER;
        }
        return INDIVIDUAL;
    }
}
