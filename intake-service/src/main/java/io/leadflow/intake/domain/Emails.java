package io.leadflow.intake.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one normal form of an email address: trimmed, lower-cased, its domain in ASCII (punycode). */
public final class Emails {

    public static final int MAX_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile(
            "^[\\p{L}0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private Emails() {
    }

    /** The normalized address, or empty when it is not a valid one. */
    public static Optional<String> normalize(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String trimmed = email.strip().toLowerCase(Locale.ROOT);
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            return Optional.empty();
        }
        String normalized;
        try {
            normalized = trimmed.substring(0, at + 1) + IDN.toASCII(trimmed.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return normalized.length() <= MAX_LENGTH && EMAIL.matcher(normalized).matches()
                ? Optional.of(normalized) : Optional.empty();
    }
}
