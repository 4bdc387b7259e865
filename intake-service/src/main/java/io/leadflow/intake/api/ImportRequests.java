package io.leadflow.intake.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.FormType;
import io.leadflow.intake.domain.ConsentAnswers;
import io.leadflow.intake.imports.LeadImporter;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/** What both upload doors (raw {@code text/csv} and multipart) share: the options and the answer. */
@ApplicationScoped
public class ImportRequests {

    @Inject
    ApiKeys apiKeys;

    @Inject
    RateLimits rateLimits;

    @Inject
    OutboxLimit outboxLimit;

    /** The caller's source, after its key and rate are checked. */
    public String authorize(String apiKey, String authorization) {
        String source = apiKeys.authenticate(apiKey, authorization);
        rateLimits.checkKey(source);
        return source;
    }

    /** The options of an upload, checked; refused while earlier imports fill the outbox's bulk lane. */
    public LeadImporter.Options options(String callerSource, String source, String formType, String consent,
            String ip) {
        outboxLimit.checkImport();
        String chosenSource = source == null || source.isBlank() ? callerSource : source.strip().toLowerCase(Locale.ROOT);
        if (!chosenSource.matches("[a-z0-9_.-]{1,64}")) {
            throw invalid("source", "may contain only letters, digits, '_', '-' and '.' (64 at most)");
        }
        String chosenFormType = formType == null || formType.isBlank() ? "contact" : formType.strip();
        try {
            FormType.fromWire(chosenFormType);
        } catch (IllegalArgumentException e) {
            throw invalid("formType", "must be one of demo_request, quote_request, content_download, newsletter, "
                    + "contact");
        }
        return new LeadImporter.Options(chosenSource, chosenFormType.toLowerCase(Locale.ROOT),
                ConsentAnswers.isYes(consent), ip);
    }

    public static Map<String, Object> accepted(UUID importId) {
        return Map.of("importId", importId, "status", "running", "location", location(importId));
    }

    public static String location(UUID importId) {
        return "/api/v1/imports/" + importId;
    }

    public static ProblemException unusable(LeadImporter.UnusableFile e) {
        return new ProblemException(Problem.of(422, "Unprocessable Content", "unusable-file", e.getMessage()));
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid("The import options are invalid.",
                List.of(new FieldError(field, message))));
    }
}
