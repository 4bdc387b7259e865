package io.leadflow.support.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The safety net under "no personal data in logs" (SECURITY.md): masks email addresses and phone-number-like strings
 * in every formatted message, and in the messages of its exception chain, before the console prints it. Code should
 * not log personal data in the first place; this catches what slips through (a library quoting its input, an SMTP
 * error naming the recipient). Enabled for every service by service-support's shared configuration
 * ({@code quarkus.log.console.filter=personal-data}).
 */
@LoggingFilter(name = "personal-data")
public final class PersonalDataLogFilter implements Filter {

    static final String EMAIL_MASK = "<email>";
    static final String PHONE_MASK = "<phone>";

    /** The local part stops at quotes, slashes and equals signs: a quoted or query-string address keeps its frame. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&*+^_~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)+");
    /** Candidates: digits with spaces, dots, dashes or brackets, not part of a longer word, id or time. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.:/-])\\+?\\(?\\d[\\d ().-]{6,}\\d(?![\\w:/-])");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord) {
            ExtLogRecord ext = (ExtLogRecord) record;
            String formatted = ext.getFormattedMessage();
            String masked = mask(formatted);
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getParameters() == null) {
            record.setMessage(mask(record.getMessage()));
        }
        if (record.getThrown() != null) {
            record.setThrown(MaskedThrowable.of(record.getThrown()));
        }
        return true;
    }

    /** {@code text} with every email address and phone-number-like string replaced by a mask. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutEmails = text.indexOf('@') < 0 ? text : EMAIL.matcher(text).replaceAll(EMAIL_MASK);
        Matcher phone = PHONE.matcher(withoutEmails);
        StringBuilder out = null;
        int last = 0;
        while (phone.find()) {
            if (looksLikePhone(phone.group())) {
                out = out == null ? new StringBuilder(withoutEmails.length()) : out;
                out.append(withoutEmails, last, phone.start()).append(PHONE_MASK);
                last = phone.end();
            }
        }
        if (out == null) {
            return withoutEmails;
        }
        return out.append(withoutEmails, last, withoutEmails.length()).toString();
    }

    /**
     * 8 to 15 digits (E.164 allows 15), written as people write numbers: with a leading {@code +} or {@code 0}, or
     * grouped; a bare long number (a timestamp, an offset) and a date are left alone.
     */
    private static boolean looksLikePhone(String candidate) {
        int digits = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (Character.isDigit(candidate.charAt(i))) {
                digits++;
            }
        }
        if (digits < 8 || digits > 15 || ISO_DATE.matcher(candidate).find()) {
            return false;
        }
        char first = candidate.charAt(0);
        return first == '+' || first == '(' || first == '0' || digits < candidate.length();
    }

    /**
     * Stands for an exception in the printed record: the same class name, stack and chain, with masked messages. The
     * original is not changed (it may still be handled elsewhere).
     */
    static final class MaskedThrowable extends Throwable {

        private static final long serialVersionUID = 1L;

        private final String className;

        private MaskedThrowable(Throwable original, Throwable maskedCause) {
            super(mask(original.getMessage()), maskedCause, false, true);
            this.className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
            for (Throwable suppressed : original.getSuppressed()) {
                addSuppressed(of(suppressed));
            }
        }

        static Throwable of(Throwable original) {
            if (original instanceof MaskedThrowable) {
                return original;
            }
            java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            return of(original, seen);
        }

        private static Throwable of(Throwable original, java.util.Set<Throwable> seen) {
            seen.add(original);
            Throwable cause = original.getCause();
            Throwable maskedCause = cause == null || seen.contains(cause) ? null : of(cause, seen);
            return new MaskedThrowable(original, maskedCause);
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? className : className + ": " + message;
        }
    }
}
