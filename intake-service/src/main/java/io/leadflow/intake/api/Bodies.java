package io.leadflow.intake.api;

import java.io.IOException;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/** What every intake endpoint does with a request body: cap it, read it, and name what was wrong. */
final class Bodies {

    private static final Logger LOG = Logger.getLogger(Bodies.class);

    private Bodies() {
    }

    /** Reads a JSON body of at most {@code maxBytes}; a problem for an empty, oversized or malformed one. */
    static <T> T readJson(ObjectReader reader, byte[] body, int maxBytes, IntakeMetrics metrics) throws IOException {
        requireSize(body, maxBytes, metrics);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw empty(metrics);
            }
            return value;
        } catch (IOException e) {
            metrics.rejected("malformed");
            throw e;
        }
    }

    static void requireSize(byte[] body, int maxBytes, IntakeMetrics metrics) {
        if (body == null || body.length == 0) {
            throw empty(metrics);
        }
        if (body.length > maxBytes) {
            metrics.rejected("too_large");
            throw new ProblemException(Problem.of(413, "Content Too Large", "body-too-large",
                    "This endpoint accepts bodies of at most " + maxBytes + " bytes; this one has " + body.length
                            + "."));
        }
    }

    private static ProblemException empty(IntakeMetrics metrics) {
        metrics.rejected("empty_body");
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "empty-body",
                "The body must be a JSON document, not empty or null."));
    }

    /** The caller's address (the proxy's, unless quarkus.http.proxy.proxy-address-forwarding is on). */
    static String clientIp(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** A failure other than a problem we raised: the database did not take the lead, so nothing was accepted. */
    static Throwable notDurable(Throwable failure) {
        LOG.warnf("A submission could not be stored: %s", failure.toString());
        return new ProblemException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "not-durable",
                "The submission could not be stored durably right now; nothing was accepted. Retry shortly."))
                .withHeader("Retry-After", 5);
    }
}
