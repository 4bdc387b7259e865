package io.leadflow.nurturing.mail;

import io.leadflow.support.logging.PersonalDataLogFilter;
import io.vertx.ext.mail.SMTPException;

/**
 * Whether an SMTP failure is worth trying again. A 5xx answer (the server refused the address or the message) will
 * be refused again; an address the mail client cannot even write is refused before it reaches the server. Anything
 * else (4xx answers, a server out of reach, a connection that broke) may pass later.
 */
public final class SendFailure {

    private SendFailure() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return smtp.isPermanent();
            }
            if (t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What went wrong, for the touch's last error and the log, without the recipient: SMTP answers often quote the
     * address they refused.
     */
    public static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + PersonalDataLogFilter.mask(failure.getMessage());
    }
}
