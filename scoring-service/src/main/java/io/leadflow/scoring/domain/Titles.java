package io.leadflow.scoring.domain;

import java.text.Normalizer;
import java.util.Locale;

/** Job titles compared without accents, case or punctuation ("Chargée d'affaires" reads "chargee d affaires"). */
final class Titles {

    private Titles() {
    }

    static String normalize(String title) {
        return Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("['’`]", " ").replaceAll("\\s+", " ").strip();
    }
}
