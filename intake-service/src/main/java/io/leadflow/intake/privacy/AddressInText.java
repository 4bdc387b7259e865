package io.leadflow.intake.privacy;

import java.util.Locale;

/**
 * A PostgreSQL regular expression that finds one email address as a whole in free text (an import row's error
 * reason), matched against the text in lower case ({@code lower(reason) ~ :pattern}). A plain substring test would
 * also find {@code ann@x.com} inside {@code joann@x.com} or {@code ann@x.com.au}, and so export or erase another
 * person's row.
 */
final class AddressInText {

    private AddressInText() {
    }

    static String pattern(String email) {
        StringBuilder escaped = new StringBuilder();
        for (char c : email.toLowerCase(Locale.ROOT).toCharArray()) {
            // Every character that is not a letter or digit escaped: "\" followed by one is that character in an ARE.
            if (!Character.isLetterOrDigit(c)) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return "(^|[^a-z0-9._%+'-])" + escaped + "($|[^a-z0-9.-]|\\.($|[^a-z0-9]))";
    }
}
