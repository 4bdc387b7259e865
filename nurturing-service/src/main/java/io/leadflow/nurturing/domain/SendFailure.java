package io.leadflow.nurturing.domain;

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

    public static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
