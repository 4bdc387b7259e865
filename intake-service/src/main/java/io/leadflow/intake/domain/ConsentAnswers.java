package io.leadflow.intake.domain;

import java.util.Locale;
import java.util.Set;

/** A consent answer written as text (a checkbox, a spreadsheet cell, a sender's field): only an explicit yes counts. */
public final class ConsentAnswers {

    private static final Set<String> YES = Set.of("true", "yes", "y", "oui", "o", "1", "on", "x");

    private ConsentAnswers() {
    }

    public static boolean isYes(String answer) {
        return answer != null && YES.contains(answer.strip().toLowerCase(Locale.ROOT));
    }
}
