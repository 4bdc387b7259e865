package io.leadflow.scoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The department a job title belongs to, in English and French; the first match wins. */
public enum Department {
    EXECUTIVE("executive"),
    SALES("sales"),
    MARKETING("marketing"),
    IT("it"),
    FINANCE("finance"),
    HR("hr"),
    OPERATIONS("operations"),
    UNKNOWN("unknown");

    private static final Map<Department, Pattern> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put(SALES, Pattern.compile("\\b(sales|commercial|commerciale|ventes?|business development|"
                + "account executive|account manager|charge d affaires|chargee d affaires|bdr|sdr|revenue)\\b"));
        TITLES.put(MARKETING, Pattern.compile("\\b(marketing|growth|communication|brand|marque|demand generation)\\b"));
        TITLES.put(IT, Pattern.compile("\\b(it|cto|cio|dsi|informatique|engineering|engineer|ingenieur|developpeur|"
                + "developer|software|technique|technology|systemes d information|devops|data)\\b"));
        TITLES.put(FINANCE, Pattern.compile("\\b(finance|financier|financiere|cfo|daf|comptable|comptabilite|"
                + "accounting|controller|controleur de gestion|tresorerie|achats|procurement|purchasing)\\b"));
        TITLES.put(HR, Pattern.compile("\\b(hr|rh|drh|human resources|ressources humaines|people|talent|recrutement|"
                + "recruiting|recruiter)\\b"));
        TITLES.put(OPERATIONS, Pattern.compile("\\b(operations|operationnel|logistique|logistics|supply chain|"
                + "production|coo|usine|plant)\\b"));
        TITLES.put(EXECUTIVE, Pattern.compile("\\b(ceo|pdg|dg|president|presidente|founder|co-founder|fondateur|"
                + "fondatrice|directeur general|directrice generale|managing director|gerant|gerante|owner)\\b"));
    }

    private final String label;

    Department(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Department of(String jobTitle) {
        if (jobTitle == null || jobTitle.isBlank()) {
            return UNKNOWN;
        }
        String title = Titles.normalize(jobTitle);
        // A functional department ("Directeur commercial") says more than an executive word in the same title.
        return TITLES.entrySet().stream().filter(entry -> entry.getValue().matcher(title).find())
                .map(Map.Entry::getKey).findFirst().orElse(UNKNOWN);
    }
}
