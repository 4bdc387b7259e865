package io.leadflow.intake.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.Utm;
import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.intake.domain.ConsentAnswers;
import io.leadflow.intake.domain.LeadIntake;
import io.leadflow.intake.domain.LeadSubmission;
import io.leadflow.intake.domain.SubmissionValidator;
import io.leadflow.intake.persistence.SubmissionGroups;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /api/v1/forms/{formId}}: a plain HTML form posted by a browser. Only the form's own pages may post it
 * (origin check, optional public form key); bots that fill the honeypot or submit faster than a person could are
 * thanked and ignored. A person is sent to the thank-you page (303), or shown a readable page naming what to fix.
 * A script posting with {@code Accept: application/json} gets JSON instead, with CORS headers for allowed origins.
 */
@Path("/api/v1/forms/{formId}")
public class FormResource {

    static final String CHANNEL = "form";

    @Inject
    IntakeConfig config;

    @Inject
    Clock clock;

    @Inject
    RateLimits rateLimits;

    @Inject
    OutboxLimit outboxLimit;

    @Inject
    LeadIntake intake;

    @Inject
    SubmissionGroups groups;

    @Inject
    IntakeMetrics metrics;

    @OPTIONS
    public Response preflight(@PathParam("formId") String formId, @HeaderParam("Origin") String origin) {
        IntakeConfig.Form form = config.forms().get(formId);
        if (form == null || origin == null || !form.allowedOrigins().contains(origin)) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        return cors(Response.noContent(), origin).header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "Content-Type").header("Access-Control-Max-Age", "600")
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> submit(@PathParam("formId") String formId, byte[] body,
            @HeaderParam("Origin") String origin, @HeaderParam("Referer") String referer,
            @HeaderParam("Accept") String accept, @Context HttpServerRequest request) {
        boolean wantsJson = accept != null && accept.contains("application/json") && !accept.contains("text/html");
        MultivaluedMap<String, String> fields = FormBodies.parse(body);
        String ip = Bodies.clientIp(request);
        rateLimits.checkIp(ip);
        outboxLimit.checkLive();
        IntakeConfig.Form form = config.forms().get(formId);
        if (form == null) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "unknown-form",
                    "No form '" + formId + "' is configured."));
        }
        String pageOrigin = origin != null ? origin : originOf(referer);
        if (pageOrigin == null || !form.allowedOrigins().contains(pageOrigin)) {
            metrics.rejected("origin");
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "origin-not-allowed",
                    "This form may only be posted from its own pages."));
        }
        if (form.key().isPresent() && !sameSecret(form.key().get(), first(fields, "form_key"))) {
            metrics.rejected("form_key");
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "form-key",
                    "The form key is missing or not this form's."));
        }
        Optional<String> spam = spam(form, fields);
        if (spam.isPresent()) {
            metrics.spamDropped(spam.get());
            return Uni.createFrom().item(thanks(form, pageOrigin, wantsJson, null));
        }
        LeadSubmission submission = submission(form, fields, referer);
        SubmissionValidator.Result result = SubmissionValidator.validate(submission, form.source());
        if (!result.valid()) {
            metrics.rejected("invalid");
            return Uni.createFrom().item(wantsJson
                    ? cors(Response.status(400).type(Problem.MEDIA_TYPE)
                            .entity(Problem.invalid("The form has invalid fields.", result.errors())), pageOrigin)
                            .build()
                    : Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                            .entity(FormPages.invalid(result.errors(), referer)).build());
        }
        return groups.inTransaction(() -> intake.accept(result.lead(), new LeadIntake.Origin(CHANNEL, ip)))
                .invoke(() -> {
                    intake.publishCommitted();
                    metrics.received(result.lead().source(), CHANNEL);
                })
                .map(accepted -> thanks(form, pageOrigin, wantsJson, accepted.leadId().toString()))
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(Bodies::notDurable);
    }

    /** Why a submission is a bot's, if it is. */
    private Optional<String> spam(IntakeConfig.Form form, MultivaluedMap<String, String> fields) {
        List<String> honeypot = fields.get(form.honeypotField());
        if (honeypot != null && honeypot.stream().anyMatch(value -> value != null && !value.isBlank())) {
            return Optional.of("honeypot");
        }
        String renderedAt = first(fields, "_rendered_at");
        if (renderedAt != null) {
            try {
                long elapsed = clock.millis() - Long.parseLong(renderedAt.strip());
                if (elapsed < form.minFillSeconds() * 1000L) {
                    return Optional.of("too_fast");
                }
            } catch (NumberFormatException e) {
                return Optional.of("too_fast");
            }
        }
        return Optional.empty();
    }

    private static LeadSubmission submission(IntakeConfig.Form form, MultivaluedMap<String, String> fields,
            String referer) {
        Map<String, String> mapped = new java.util.HashMap<>();
        fields.forEach((name, values) -> {
            String field = form.fields().getOrDefault(name, FormPages.leadFieldOf(name));
            if (field != null && values != null && !values.isEmpty()) {
                mapped.putIfAbsent(field, values.get(0));
            }
        });
        Utm utm = new Utm(mapped.get("utm_source"), mapped.get("utm_medium"), mapped.get("utm_campaign"),
                mapped.get("utm_term"), mapped.get("utm_content"), referer);
        return new LeadSubmission(mapped.get("email"), mapped.get("firstName"), mapped.get("lastName"),
                mapped.get("company"), mapped.get("website"), mapped.get("jobTitle"), mapped.get("phone"),
                mapped.get("country"), mapped.get("language"), mapped.get("timeZone"), form.source(),
                mapped.getOrDefault("campaign", form.campaign().orElse(mapped.get("utm_campaign"))), form.formType(),
                ConsentAnswers.isYes(mapped.get("marketingConsent")), form.consentTextVersion().orElse(null), utm,
                Map.of());
    }

    private static Response thanks(IntakeConfig.Form form, String origin, boolean wantsJson, String leadId) {
        if (wantsJson) {
            // A dropped bot gets the same answer as a person, without a lead id.
            return cors(Response.accepted(leadId == null ? Map.of("status", "accepted")
                    : Map.of("status", "accepted", "leadId", leadId)).type(MediaType.APPLICATION_JSON), origin)
                    .build();
        }
        return Response.seeOther(URI.create(form.thankYouUrl())).build();
    }

    private static Response.ResponseBuilder cors(Response.ResponseBuilder response, String origin) {
        return response.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }

    private static String first(MultivaluedMap<String, String> fields, String name) {
        List<String> values = fields == null ? null : fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean sameSecret(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    static String originOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
